package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.status.Pace;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LedgerTest {
  private static final String HEADER = SearchWriter.LEDGER_HEADER;

  private static String line(String time, String trial, String state, String objective, String budget, String seconds,
      String reason) {
    return String.join("\t", time, trial, state, objective, budget, seconds, "1", "{}", reason, "node1", "") + "\n";
  }

  @Test
  void a_line_written_by_run_sh_is_read_column_by_column() {
    Ledger l = Ledger.parse(HEADER + line("2026-11-23T04:40:55Z", "bracket-0/stage-1/config-6", "completed",
        "0.47333333333333333", "3", "12", ""));

    Ledger.Entry e = l.get(new TrialId(0, 1, 6));
    assertThat(e.completed()).isTrue();
    assertThat(e.objectiveText()).isEqualTo("0.47333333333333333");
    assertThat(e.budget()).isEqualTo(3.0);
    assertThat(e.durationSeconds()).isEqualTo(12);
    assertThat(e.epochSecond()).isEqualTo(Instant.parse("2026-11-23T04:40:55Z").getEpochSecond());
    assertThat(l.problems()).isEmpty();
  }

  @Test
  void the_last_line_of_a_trial_wins() {
    Ledger l = Ledger.parse(HEADER
        + line("2026-11-23T04:40:55Z", "bracket-0/stage-0/config-1", "failed", "nan", "1", "3", "exit code 1")
        + line("2026-11-23T05:00:00Z", "bracket-0/stage-0/config-1", "completed", "0.9", "1", "4", ""));

    assertThat(l.get(new TrialId(0, 0, 1)).completed()).isTrue();
    assertThat(l.entries()).hasSize(1);
  }

  @Test
  void columns_are_found_by_their_header_names() {
    Ledger l = Ledger.parse("trial\textra\tstate\ttime\tobjective\n"
        + "bracket-1/stage-0/config-2\tx\tfailed\t2026-11-23T04:40:55Z\tnan\n");

    Ledger.Entry e = l.get(new TrialId(1, 0, 2));
    assertThat(e.completed()).isFalse();
    assertThat(e.durationSeconds()).isEqualTo(-1);
    assertThat(e.budget()).isNaN();
  }

  @Test
  void malformed_lines_are_skipped_and_counted_with_the_first_line_number() {
    Ledger l = Ledger.parse(HEADER
        + line("2026-11-23T04:40:55Z", "bracket-0/stage-0/config-1", "completed", "0.9", "1", "4", "")
        + "half a line\n"
        + line("2026-11-23T04:40:55Z", "not-a-trial", "completed", "0.9", "1", "4", "")
        + line("2026-11-23T04:40:55Z", "bracket-0/stage-0/config-2", "running", "0.9", "1", "4", "")
        + "\n");

    assertThat(l.entries()).containsOnlyKeys(new TrialId(0, 0, 1));
    assertThat(l.problems()).containsExactly("results.tsv: 3 malformed lines ignored (first: line 3)");
  }

  @Test
  void a_file_without_the_header_is_read_with_the_columns_hbgen_writes_and_an_empty_one_is_fine() {
    Ledger l = Ledger.parse(line("2026-11-23T04:40:55Z", "bracket-0/stage-0/config-1", "completed", "0.5", "1", "3", ""));
    assertThat(l.problems()).singleElement().asString().contains("no header line");
    assertThat(l.get(new TrialId(0, 0, 1)).objectiveText()).isEqualTo("0.5");
    assertThat(Ledger.parse("").problems()).isEmpty();
    assertThat(Ledger.parse("").entries()).isEmpty();
  }

  @Test
  void attempts_host_and_slurm_job_are_read_and_a_line_may_lack_the_trailing_columns() {
    Ledger l = Ledger.parse(HEADER
        + "2026-01-01T00:00:02Z\tbracket-0/stage-0/config-2\tfailed\tnan\t1\t5\t2\t{}\texit code 1\tvm\t77\n"
        + "2026-01-01T00:00:02Z\tbracket-0/stage-0/config-3\tcompleted\t0.5\t1\t5\n");
    Ledger.Entry e = l.get(new TrialId(0, 0, 2));
    assertThat(e.attempts()).isEqualTo(2);
    assertThat(e.host()).isEqualTo("vm");
    assertThat(e.slurmJobId()).isEqualTo("77");
    assertThat(e.reason()).isEqualTo("exit code 1");
    assertThat(l.get(new TrialId(0, 0, 3)).host()).isEmpty();
    assertThat(l.problems()).isEmpty();
  }

  @Test
  void a_missing_ledger_is_empty(@TempDir Path dir) {
    assertThat(Ledger.read(new Layout(dir)).entries()).isEmpty();
    assertThat(Ledger.read(new Layout(dir)).problems()).isEmpty();
  }

  @Test
  void the_pace_sums_durations_and_budgets_and_spans_first_start_to_last_end() {
    Ledger l = Ledger.parse(HEADER
        + line("2026-11-23T00:00:10Z", "bracket-0/stage-0/config-0", "completed", "0.9", "1", "10", "")
        + line("2026-11-23T00:00:10Z", "bracket-0/stage-0/config-1", "completed", "0.9", "1", "10", "")
        + line("2026-11-23T00:00:30Z", "bracket-0/stage-1/config-0", "failed", "nan", "3", "20", "exit code 1"));

    Pace p = Pace.of(l.entries().values());
    assertThat(p.trials()).isEqualTo(3);
    assertThat(p.secondsPerUnit()).isEqualTo(40.0 / 5);
    assertThat(p.concurrency()).isEqualTo(40.0 / 30);
  }

  static Stream<Long> instants() {
    Random r = new Random(20261123);
    return LongStream.range(0, 200).mapToObj(i -> r.nextLong(0, 4_102_444_800L));
  }

  @ParameterizedTest
  @MethodSource("instants")
  void times_are_read_by_hand_exactly_as_instant_parse_reads_them(long epochSecond) {
    String text = Instant.ofEpochSecond(epochSecond).toString();
    assertThat(Ledger.parse(HEADER + line(text, "bracket-0/stage-0/config-0", "completed", "1", "1", "1", ""))
        .get(new TrialId(0, 0, 0)).epochSecond()).isEqualTo(epochSecond);
  }

  @Test
  void a_ledger_of_many_megabytes_is_read_in_pieces_with_the_last_line_of_each_trial_winning() {
    Random r = new Random(7);
    StringBuilder text = new StringBuilder(HEADER);
    Map<TrialId, String> expected = new HashMap<>();
    for (int i = 0; i < 30_000; i++) {
      TrialId id = new TrialId(r.nextInt(3), r.nextInt(3), r.nextInt(2_000));
      String objective = Double.toString(r.nextDouble());
      text.append(line("2026-11-23T04:40:55Z", id.path(), "completed", objective, "1", "1", ""));
      expected.put(id, objective);
    }
    assertThat(text.length()).isGreaterThan(2 << 20);

    Ledger l = Ledger.parse(text.toString());
    assertThat(l.entries()).hasSameSizeAs(expected);
    expected.forEach((id, objective) -> assertThat(l.get(id).objectiveText()).as(id.path()).isEqualTo(objective));
  }

  @Test
  void the_ledger_file_of_a_search_is_read_from_its_root(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("results.tsv"),
        HEADER + line("2026-11-23T04:40:55Z", "bracket-2/stage-0/config-9", "completed", "1.5e-3", "9", "3", ""));

    assertThat(Ledger.read(new Layout(dir)).get(new TrialId(2, 0, 9)).objectiveText()).isEqualTo("1.5e-3");
  }
}
