package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LineProgressTest {
  private final StringWriter text = new StringWriter();
  private final LineProgress progress = new LineProgress(new PrintWriter(text), Duration.ofSeconds(5));

  private static RunCounts at(long seconds, long done) {
    return new RunCounts(10, done, 0, 1, Duration.ofSeconds(seconds), Optional.empty());
  }

  @Test
  void printsEveryIntervalAndAtEachCompletedStage() {
    progress.update(at(0, 0), false);
    progress.update(at(1, 1), false);
    progress.update(at(2, 2), true);
    progress.update(at(4, 3), false);
    progress.update(at(7, 4), false);
    assertThat(text.toString().lines()).extracting(l -> l.substring(12, l.indexOf(" done")))
        .containsExactly("0/10", "2/10", "4/10");
  }

  @Test
  void neverRepeatsTheSameCounts() {
    progress.update(at(0, 0), false);
    progress.update(at(6, 0), false);
    progress.update(at(7, 0), true);
    assertThat(text.toString().lines()).hasSize(1);
  }
}
