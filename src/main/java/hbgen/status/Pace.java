package hbgen.status;

import hbgen.search.Ledger;
import java.util.Collection;

/**
 * How fast a search has been going, from the durations its ledger recorded.
 *
 * @param trials finished trials observed
 * @param seconds their summed wall time
 * @param budget their summed budget
 * @param firstStart epoch second at which the earliest of them started
 * @param lastEnd epoch second at which the latest of them finished
 */
public record Pace(long trials, double seconds, double budget, long firstStart, long lastEnd) {
  /** No trial observed. */
  public static final Pace NONE = new Pace(0, 0, 0, 0, 0);

  /** The pace of the trials a ledger has seen finish (their last lines). */
  public static Pace of(Collection<Ledger.Entry> entries) {
    long trials = 0;
    double seconds = 0;
    double budget = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (Ledger.Entry e : entries) {
      if (e.durationSeconds() >= 0 && e.epochSecond() >= 0 && e.budget() > 0) {
        trials++;
        seconds += e.durationSeconds();
        budget += e.budget();
        first = Math.min(first, e.epochSecond() - e.durationSeconds());
        last = Math.max(last, e.epochSecond());
      }
    }
    return trials == 0 ? NONE : new Pace(trials, seconds, budget, first, last);
  }

  public Pace {
    if (trials < 0 || !(seconds >= 0) || !(budget >= 0)) {
      throw new IllegalArgumentException(
          "a pace needs counts >= 0, was " + trials + " trials, " + seconds + " s, budget " + budget);
    }
  }

  /**
   * Mean seconds per budget unit, as the ratio of the sums: the ledger records whole seconds, so
   * a median of per-trial ratios would read 0 for every trial shorter than a second.
   */
  public double secondsPerUnit() {
    return budget > 0 ? seconds / budget : Double.NaN;
  }

  /** Trials that ran at once on average: summed trial time over the wall time they spanned (at least 1). */
  public double concurrency() {
    long span = lastEnd - firstStart;
    return span > 0 ? Math.max(1.0, seconds / span) : 1.0;
  }
}
