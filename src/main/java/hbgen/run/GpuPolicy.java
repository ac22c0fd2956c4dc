package hbgen.run;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How trials share the GPUs of this machine: which GPUs, how many trials each may hold, when a GPU
 * counts as busy (fractions of memory and utilization as {@code nvidia-smi} reports them; NaN: no
 * limit), and how long to wait after starting a trial on a GPU before placing the next one there
 * (a trainer allocates its memory only some seconds after it starts).
 *
 * @param gpus GPU indices as {@code nvidia-smi} and CUDA (with PCI bus order) number them
 * @param perGpu most trials at once on one GPU
 * @param maxMemory skip a GPU whose used/total memory is above this fraction (NaN: no limit)
 * @param maxLoad skip a GPU whose utilization is above this fraction (NaN: no limit)
 * @param startupDelayMillis pause between two trial starts on the same GPU
 */
public record GpuPolicy(List<Integer> gpus, int perGpu, double maxMemory, double maxLoad, long startupDelayMillis) {
  public GpuPolicy {
    gpus = List.copyOf(gpus);
    if (gpus.isEmpty()) {
      throw new IllegalArgumentException("--gpus needs at least one GPU index");
    }
    if (Set.copyOf(gpus).size() != gpus.size()) {
      throw new IllegalArgumentException("--gpus lists a GPU twice: " + gpus);
    }
    for (int g : gpus) {
      if (g < 0) {
        throw new IllegalArgumentException("GPU indices are >= 0, was " + g);
      }
    }
    if (perGpu < 1) {
      throw new IllegalArgumentException("--jobs-per-gpu must be >= 1, was " + perGpu);
    }
    checkFraction("--gpu-max-memory", maxMemory);
    checkFraction("--gpu-max-load", maxLoad);
    if (startupDelayMillis < 0) {
      throw new IllegalArgumentException("--gpu-startup-delay must be >= 0 seconds, was " + startupDelayMillis / 1000.0);
    }
  }

  private static void checkFraction(String option, double f) {
    if (!Double.isNaN(f) && !(f > 0 && f <= 1)) {
      throw new IllegalArgumentException(option + " must be a fraction in (0, 1], was " + f);
    }
  }

  /** Parses {@code --gpus}: comma-separated non-negative integers without repeats, e.g. {@code 0,1,3}. */
  public static List<Integer> parseList(String text) {
    String t = text.strip();
    if (!t.matches("[0-9]{1,6}(\\s*,\\s*[0-9]{1,6})*")) {
      throw new IllegalArgumentException("--gpus must be comma-separated GPU indices such as 0,1,3, was '" + text + "'");
    }
    Set<Integer> seen = new LinkedHashSet<>();
    List<Integer> out = new ArrayList<>();
    for (String part : t.split(",")) {
      int g = Integer.parseInt(part.strip());
      if (!seen.add(g)) {
        throw new IllegalArgumentException("--gpus lists GPU " + g + " twice: '" + text + "'");
      }
      out.add(g);
    }
    return out;
  }

  /** Whether placing a trial needs {@code nvidia-smi}'s view of the GPUs. */
  public boolean watchesLoad() {
    return !Double.isNaN(maxMemory) || !Double.isNaN(maxLoad);
  }

  /** Whether a GPU's reported load is over a limit. */
  public boolean busy(GpuLoad load) {
    return !overLimits(load).isEmpty();
  }

  /**
   * Why a GPU's reported load is over the limits, one phrase per limit it exceeds, e.g. "memory
   * 94% used (over --gpu-max-memory 0.75)"; empty when it is within them.
   */
  public List<String> overLimits(GpuLoad load) {
    List<String> out = new ArrayList<>();
    if (!Double.isNaN(maxMemory) && load.memoryFraction() > maxMemory) {
      out.add("memory " + percent(load.memoryFraction()) + " used (over --gpu-max-memory " + maxMemory + ")");
    }
    if (!Double.isNaN(maxLoad) && load.utilization() > maxLoad) {
      out.add("utilization " + percent(load.utilization()) + " (over --gpu-max-load " + maxLoad + ")");
    }
    return out;
  }

  /** A fraction as nvidia-smi's whole percent, "94%". */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "unknown" : Math.round(fraction * 100) + "%";
  }

  /** Trials the GPUs can hold at once. */
  public int capacity() {
    return gpus.size() * perGpu;
  }
}
