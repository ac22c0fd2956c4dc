package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunCountsTest {
  @Test
  void printsThePlainProgressLine() {
    RunCounts c = new RunCounts(22, 12, 1, 2, Duration.ofSeconds(83), Optional.of(Duration.ofSeconds(120)));
    assertThat(c.line()).isEqualTo("[hbgen run] 12/22 done, 1 failed, 2 running, 0:01:23 elapsed, ~0:02:00 left");
  }

  @Test
  void leavesOutTheEstimateWithoutABasis() {
    RunCounts c = new RunCounts(22, 0, 0, 2, Duration.ofHours(2), Optional.empty());
    assertThat(c.line()).isEqualTo("[hbgen run] 0/22 done, 0 failed, 2 running, 2:00:00 elapsed");
  }

  @Test
  void estimatesFromTheBudgetFinishedInThisRun() {
    assertThat(RunCounts.estimate(Duration.ofSeconds(10), 5, 15)).contains(Duration.ofSeconds(30));
    assertThat(RunCounts.estimate(Duration.ofSeconds(10), 0, 15)).isEmpty();
  }

  @Test
  void rejectsMoreDoneThanThereAre() {
    assertThatThrownBy(() -> new RunCounts(2, 3, 0, 0, Duration.ZERO, Optional.empty()))
        .hasMessageContaining("inconsistent counts: 3/2 done");
  }
}
