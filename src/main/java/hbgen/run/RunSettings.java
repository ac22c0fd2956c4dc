package hbgen.run;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@code hbgen run} runs a search.
 *
 * @param jobs most trials at once ({@code -j})
 * @param gpus how trials share GPUs, if they use any
 * @param bar whether to draw a progress bar (a console is attached) instead of plain lines
 * @param lineInterval how often plain progress lines are printed
 * @param stopGrace how long stopped trials get to exit after SIGTERM before SIGKILL
 */
public record RunSettings(int jobs, Optional<GpuPolicy> gpus, boolean bar, Duration lineInterval, Duration stopGrace) {
  public RunSettings {
    if (jobs < 1) {
      throw new IllegalArgumentException("-j/--jobs must be >= 1, was " + jobs);
    }
    if (lineInterval.isNegative() || lineInterval.isZero() || stopGrace.isNegative()) {
      throw new IllegalArgumentException("intervals must be positive, were " + lineInterval + " and " + stopGrace);
    }
  }

  /** Defaults for a run with {@code jobs} workers and no GPUs. */
  public static RunSettings of(int jobs) {
    return new RunSettings(jobs, Optional.empty(), false, Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** Trials at once: {@code -j}, and no more than the GPUs hold. */
  public int slots() {
    return gpus.map(g -> Math.min(jobs, g.capacity())).orElse(jobs);
  }
}
