package hbgen.run;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a run stands, as the progress display shows it.
 *
 * @param total trial slots of the search
 * @param done trials with a result (completed, failed or skipped), including earlier runs'
 * @param failed trials with a {@code failed} marker
 * @param running trials running now
 * @param elapsed time since this run started
 * @param left estimated time to the end, if there is a basis for one
 */
public record RunCounts(long total, long done, long failed, int running, Duration elapsed, Optional<Duration> left) {
  public RunCounts {
    if (total < 0 || done < 0 || failed < 0 || running < 0 || done > total) {
      throw new IllegalArgumentException("inconsistent counts: " + done + "/" + total + " done, " + failed
          + " failed, " + running + " running");
    }
  }

  /**
   * Estimates the time left from this run's pace, weighting trials by budget (a stage-2 trial of
   * budget 9 takes about nine times a budget-1 trial): elapsed times remaining budget over the
   * budget finished so far in this run.
   */
  public static Optional<Duration> estimate(Duration elapsed, double doneBudget, double remainingBudget) {
    if (!(doneBudget > 0) || elapsed.isZero()) {
      return Optional.empty();
    }
    double millis = elapsed.toMillis() * (remainingBudget / doneBudget);
    return Optional.of(Duration.ofMillis((long) Math.min(millis, Long.MAX_VALUE / 2.0)));
  }

  /** The plain progress line: {@code [hbgen run] 12/22 done, 1 failed, 2 running, 0:01:23 elapsed, ~0:02:00 left}. */
  public String line() {
    return "[hbgen run] " + done + "/" + total + " done, " + failed + " failed, " + running + " running, "
        + clock(elapsed) + " elapsed" + left.map(l -> ", ~" + clock(l) + " left").orElse("");
  }

  /** A duration as {@code H:MM:SS}. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
