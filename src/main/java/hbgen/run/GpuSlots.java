package hbgen.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Places trials on GPUs: at most {@link GpuPolicy#perGpu()} trials per GPU, never on a GPU that is
 * busy by the policy's limits or that started a trial less than the startup delay ago; among the
 * GPUs left, the one with the fewest trials, then the first in the {@code --gpus} order. Pure:
 * the caller passes the time and the loads. It notes why it skips a GPU by its load, once each
 * time that GPU's state changes (over which limits, not reported, within the limits again), not
 * at every look: the engine prints the notes.
 */
public final class GpuSlots {
  private final GpuPolicy policy;
  private final Map<Integer, Integer> running = new HashMap<>();
  private final Map<Integer, Long> lastStart = new HashMap<>();
  /** Per GPU, which limits its last seen load was over ("" within them, "missing" not reported). */
  private final Map<Integer, String> loadState = new HashMap<>();
  private final List<String> notes = new ArrayList<>();

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
      List<String> over = load == null ? List.of() : policy.overLimits(load);
      String state = load == null ? "missing" : String.join(",", over.stream().map(r -> r.substring(0, r.indexOf(' '))).toList());
      String before = loadState.getOrDefault(g, "");
      if (!state.equals(before)) {
        loadState.put(g, state);
        if (load == null) {
          notes.add("skipping GPU " + g + ": nvidia-smi does not report it");
        } else if (!over.isEmpty()) {
          notes.add("skipping GPU " + g + ": nvidia-smi reports " + String.join(" and ", over));
        } else {
          notes.add("GPU " + g + " is within the limits again: memory " + GpuPolicy.percent(load.memoryFraction())
              + " used, utilization " + GpuPolicy.percent(load.utilization()));
        }
      }
      return load != null && over.isEmpty();
    }
    return true;
  }

  /** The notes on skipped GPUs since the last call, oldest first. */
  public List<String> takeNotes() {
    List<String> out = List.copyOf(notes);
    notes.clear();
    return out;
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
