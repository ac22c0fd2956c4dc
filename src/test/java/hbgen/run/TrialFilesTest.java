package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialFilesTest {
  private static final TrialId ID = new TrialId(0, 0, 3);

  @TempDir Path dir;

  private Outcome read(String result, String objective) throws IOException {
    Files.writeString(dir.resolve("result"), result, StandardCharsets.UTF_8);
    return TrialFiles.outcome(dir, ID, 3.0, objective);
  }

  @Test
  void keepsTheObjectiveAsTheTrainerWroteIt() throws IOException {
    Outcome o = read("{accuracy: 0.90, loss: 1.5e-3}\n", "accuracy");
    assertThat(o.objective()).isEqualTo(0.9);
    assertThat(o.objectiveText()).isEqualTo("0.90");
    assertThat(o.budget()).isEqualTo(3.0);
  }

  @Test
  void readsABareNumberWhateverTheObjectiveIsCalled() throws IOException {
    assertThat(read("0.25\n", "accuracy").objective()).isEqualTo(0.25);
  }

  @Test
  void givesNanToAFailedOrSkippedTrialWhateverItsResultSays() throws IOException {
    Files.writeString(dir.resolve("failed"), "reason: 'x'\n");
    assertThat(read("0.25\n", "").usable()).isFalse();
    Files.delete(dir.resolve("failed"));
    Files.writeString(dir.resolve("skipped"), "reason: 'x'\n");
    assertThat(read("0.25\n", "").usable()).isFalse();
  }

  @Test
  void givesNanToAMissingUnparseableOrNonFiniteResult() throws IOException {
    assertThat(TrialFiles.outcome(dir, ID, 1, "").usable()).isFalse();
    assertThat(read("very good", "").usable()).isFalse();
    assertThat(read("accuracy: inf\n", "accuracy").usable()).isFalse();
    assertThat(read("accuracy: 1e999\n", "accuracy").usable()).isFalse();
    assertThat(read("accuracy: 1\n", "loss").usable()).isFalse();
    assertThat(read("accuracy: 1\nloss: 2\n", "").usable()).isFalse();
    assertThat(read("accuracy: 1\n", "accuracy").objectiveText()).isEqualTo("1");
  }

  @Test
  void readsTheResultByteForByteAsRunShDoes() throws IOException {
    assertThat(read("accuracy: 0.5\r\nloss: 1\r\n", "accuracy").objective()).isEqualTo(0.5);
    Files.write(dir.resolve("result"), new byte[] {'#', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n', '0', '.', '1', '\n'});
    assertThat(TrialFiles.outcome(dir, ID, 1, "").objective()).isEqualTo(0.1);
    Files.write(dir.resolve("result"), new byte[] {'0', '.', '5', (byte) 0xff, '\n'});
    assertThat(TrialFiles.outcome(dir, ID, 1, "").usable()).isFalse();
  }

  @Test
  void countsMinusZeroAsZero() throws IOException {
    Outcome o = read("-0.0\n", "");
    assertThat(Double.compare(o.objective(), 0.0)).isZero();
    assertThat(o.objectiveText()).isEqualTo("-0.0");
  }

  @Test
  void seesATrialAsFinishedWhenItsResultExists() throws IOException {
    assertThat(TrialFiles.finished(dir)).isFalse();
    read("nan\n", "");
    assertThat(TrialFiles.finished(dir)).isTrue();
    assertThat(TrialFiles.failed(dir)).isFalse();
  }
}
