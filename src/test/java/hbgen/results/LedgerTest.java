package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchWriter;
import hbgen.trial.TrialId;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  static final String LINE_A =
      "2026-01-01T00:00:01Z\tbracket-0/stage-0/config-1\tcompleted\t0.9\t1\t3\t1\t{\"accuracy\": 0.9, \"loss\": \"nan\"}\t\tvm\t\n";
  static final String LINE_B = "2026-01-01T00:00:02Z\tbracket-0/stage-0/config-2\tfailed\tnan\t1\t5\t2\t{}\texit code 1\tvm\t77\n";

  @Test
  void parsesEveryColumnOfALine() {
    Ledger l = Ledger.parse(SearchWriter.LEDGER_HEADER + LINE_A + LINE_B);
    assertThat(l.malformed()).isZero();
    assertThat(l.entries()).hasSize(2);
    LedgerEntry a = l.entries().get(0);
    assertThat(a.time()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(a.trial()).isEqualTo(new TrialId(0, 0, 1));
    assertThat(a.state()).isEqualTo("completed");
    assertThat(a.objective()).isEqualTo(0.9);
    assertThat(a.budget()).isEqualTo("1");
    assertThat(a.durationS()).isEqualTo(3.0);
    assertThat(a.attempts()).isEqualTo(1);
    assertThat(a.metrics()).containsEntry("accuracy", 0.9);
    assertThat(a.metrics().get("loss")).isNaN();
    assertThat(a.host()).isEqualTo("vm");
    assertThat(a.slurmJobId()).isEmpty();
    LedgerEntry b = l.entries().get(1);
    assertThat(b.objective()).isNaN();
    assertThat(b.reason()).isEqualTo("exit code 1");
    assertThat(b.slurmJobId()).isEqualTo("77");
  }

  @Test
  void theLastLineOfATrialWins() {
    String again = LINE_A.replace("\t0.9\t", "\t0.7\t").replace("00:00:01", "00:09:00");
    Ledger l = Ledger.parse(SearchWriter.LEDGER_HEADER + LINE_A + LINE_B + again);
    assertThat(l.latest().get(new TrialId(0, 0, 1)).objective()).isEqualTo(0.7);
    assertThat(l.latest()).hasSize(2);
  }

  @Test
  void aTornOrForeignLineIsCountedAndSkipped() {
    String torn = LINE_A.substring(0, 40) + "\n";
    String foreign = "2026\tnot-a-trial\tcompleted\t1\t1\t1\t1\t{}\t\tvm\t\n";
    String badState = LINE_A.replace("completed", "running");
    Ledger l = Ledger.parse(SearchWriter.LEDGER_HEADER + torn + LINE_B + foreign + badState);
    assertThat(l.entries()).hasSize(1);
    assertThat(l.malformed()).isEqualTo(3);
  }

  @Test
  void aHeaderInAnotherColumnOrderIsFollowed() {
    String header = "trial\ttime\tstate\tobjective\tbudget\tduration_s\tattempts\tmetrics\treason\thost\tslurm_job_id\n";
    String line = "bracket-1/stage-0/config-0\t2026-01-01T00:00:01Z\tcompleted\t2\t3\t4\t1\t{}\t\th\t\n";
    LedgerEntry e = Ledger.parse(header + line).entries().get(0);
    assertThat(e.trial()).isEqualTo(new TrialId(1, 0, 0));
    assertThat(e.time()).isEqualTo("2026-01-01T00:00:01Z");
  }

  @Test
  void aMissingFileIsAnEmptyAbsentLedger(@TempDir Path dir) {
    Ledger l = Ledger.read(dir);
    assertThat(l.present()).isFalse();
    assertThat(l.entries()).isEmpty();
    assertThat(Ledger.parse(SearchWriter.LEDGER_HEADER).present()).isTrue();
  }
}
