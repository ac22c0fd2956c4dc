package hbgen.run;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Places trials on GPUs: at most {@link GpuPolicy#perGpu()} trials per GPU, never on a GPU that is
 * busy by the policy's limits or that started a trial less than the startup delay ago; among the
 * GPUs left, the one with the fewest trials, then the first in the {@code --gpus} order. Pure:
 * the caller passes the time and the loads.
 */
public final class GpuSlots {
  private final GpuPolicy policy;
  private final Map<Integer, Integer> running = new HashMap<>();
  private final Map<Integer, Long> lastStart = new HashMap<>();

  public GpuSlots(GpuPolicy policy) {
    this.policy = policy;
    policy.gpus().forEach(g -> running.put(g, 0));
  }

  /**
   * Picks a GPU for the next trial and counts the trial on it, or returns empty when every GPU is
   * full, busy or still in its startup delay.
   *
   * @param nowMillis the current time
   * @param loads the GPUs' loads by index (ignored unless the policy has limits; a GPU missing
   *     from them counts as busy)
   */
  public OptionalInt place(long nowMillis, Map<Integer, GpuLoad> loads) {
    int best = -1;
    for (int g : policy.gpus()) {
      if (!available(g, nowMillis, loads)) {
        continue;
      }
      if (best < 0 || running.get(g) < running.get(best)) {
        best = g;
      }
    }
    if (best < 0) {
      return OptionalInt.empty();
    }
    occupy(best, nowMillis);
    return OptionalInt.of(best);
  }

  private boolean available(int g, long now, Map<Integer, GpuLoad> loads) {
    if (running.get(g) >= policy.perGpu()) {
      return false;
    }
    Long last = lastStart.get(g);
    if (last != null && now - last < policy.startupDelayMillis()) {
      return false;
    }
    if (policy.watchesLoad()) {
      GpuLoad load = loads.get(g);
      return load != null && !policy.busy(load);
    }
    return true;
  }

  /** Counts a trial on a GPU that was placed elsewhere (a survivor of an earlier run). */
  public void occupy(int gpu, long nowMillis) {
    if (!running.containsKey(gpu)) {
      return;
    }
    running.merge(gpu, 1, Integer::sum);
    lastStart.put(gpu, nowMillis);
  }

  /** A trial on this GPU ended. */
  public void release(int gpu) {
    running.computeIfPresent(gpu, (g, n) -> Math.max(0, n - 1));
  }

  /** Trials on a GPU now. */
  public int running(int gpu) {
    return running.getOrDefault(gpu, 0);
  }

  /**
   * When a GPU that has room but is in its startup delay becomes available again, or
   * {@link Long#MAX_VALUE} when no delay is pending.
   */
  public long nextDelayEnd(long nowMillis) {
    long next = Long.MAX_VALUE;
    for (int g : policy.gpus()) {
      Long last = lastStart.get(g);
      if (last != null && running.get(g) < policy.perGpu() && last + policy.startupDelayMillis() > nowMillis) {
        next = Math.min(next, last + policy.startupDelayMillis());
      }
    }
    return next;
  }
}
