package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's append discipline under contention: 50 processes each append 200 lines through the
 * {@code ledger} function of a generated run.sh (the launcher's own code, cut out of the file), and
 * every one of the 10,000 lines arrives whole, exactly once.
 */
class LedgerConcurrencyTest {
  static final int WORKERS = 50;
  static final int LINES = 200;

  @TempDir Path tmp;

  @Test
  void fiftyProcessesAppendingTwoHundredLinesEachLeaveTenThousandIntactLines() throws Exception {
    Engines.require("bash");
    Path search = tmp.resolve("search");
    assertThat(Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "3").code()).isZero();
    String runSh = Files.readString(search.resolve("run.sh"));
    Path worker = tmp.resolve("worker.sh");
    Files.writeString(worker, workerScript(runSh));

    List<Process> processes = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      ProcessBuilder pb = new ProcessBuilder("bash", worker.toString(), search.toString(), Integer.toString(w))
          .redirectErrorStream(true).redirectOutput(tmp.resolve("worker-" + w + ".log").toFile());
      pb.environment().put("TZ", "UTC");
      processes.add(pb.start());
    }
    for (int w = 0; w < WORKERS; w++) {
      Process p = processes.get(w);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("worker %d finished in time", w).isTrue();
      assertThat(p.exitValue()).as("worker %d: %s", w, Files.readString(tmp.resolve("worker-" + w + ".log"))).isZero();
    }

    String text = Files.readString(search.resolve(Layout.LEDGER), StandardCharsets.UTF_8);
    List<String> lines = text.lines().toList();
    assertThat(text).endsWith("\n");
    assertThat(lines).hasSize(WORKERS * LINES + 1);
    assertThat(lines.get(0) + "\n").isEqualTo(hbgen.search.SearchWriter.LEDGER_HEADER);
    assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(11));
    assertThat(lines.stream().mapToInt(l -> l.getBytes(StandardCharsets.UTF_8).length).max().orElse(0))
        .as("the test covers lines of several KiB").isGreaterThan(3000);

    Ledger ledger = Ledger.parse(text);
    assertThat(ledger.problems()).isEmpty();
    assertThat(ledger.entries()).hasSize(WORKERS * LINES);
    Set<TrialId> seen = new HashSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split("\t", -1);
      TrialId id = Layout.parseTrial(cells[1]);
      assertThat(seen.add(id)).as("%s appears once", id).isTrue();
      long n = id.config();
      // The line's own fields agree with each other: no piece of another line got in.
      assertThat(cells[7]).matches("\\{\"w\": " + (n / LINES) + ", \"i\": " + (n % LINES) + "[,}].*");
      assertThat(ledger.get(id).host()).isEqualTo("host-" + (n / LINES));
    }
    Set<TrialId> expected = new HashSet<>();
    for (long n = 0; n < WORKERS * LINES; n++) {
      expected.add(new TrialId(0, 0, n));
    }
    assertThat(seen).isEqualTo(expected);
  }

  /**
   * A worker: the launcher's {@code TAB}/{@code NL} constants and its {@code ledger} function,
   * verbatim from run.sh, called 200 times with up to 150 extra metrics. {@code now} and
   * {@code hostname} only supply field values; they are replaced by builtins so that 10,000 calls
   * fork less (the append is what is under test).
   */
  static String workerScript(String runSh) {
    Matcher constants = Pattern.compile("(?m)^readonly TAB=.*$").matcher(runSh);
    Matcher ledger = Pattern.compile("(?ms)^ledger\\(\\) \\{\\n.*?^\\}$").matcher(runSh);
    Matcher now = Pattern.compile("(?m)^now\\(\\) \\{.*\\}$").matcher(runSh);
    assertThat(constants.find()).as("run.sh defines TAB and NL").isTrue();
    assertThat(ledger.find()).as("run.sh defines ledger()").isTrue();
    assertThat(now.find()).as("run.sh defines now()").isTrue();
    return String.join("\n",
        "set -u",
        constants.group(),
        now.group(),
        "job_id() { JOB_ID=; }",
        ledger.group(),
        "HB_ROOT=$1",
        "w=$2",
        "HOST=host-$w",
        "# Many metrics make lines of up to about 3.9 KB (0 to 150 extra metrics of 25 bytes): below 4 KiB.",
        "extra=",
        "for (( k = 0; k < (w * 37) % 151; k++ )); do printf -v m ', \"metric_%03d\": 0.%07d' $k $k; extra+=$m; done",
        "for (( i = 0; i < " + LINES + "; i++ )); do",
        "  rel=bracket-0/stage-0/config-$(( w * " + LINES + " + i ))",
        "  ledger completed \"0.$i\" 1 0 1 \"{\\\"w\\\": $w, \\\"i\\\": $i$extra}\" \"\"",
        "done",
        "");
  }
}
