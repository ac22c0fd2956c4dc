package hbgen.run;

import java.util.Map;
import java.util.TreeMap;

/**
 * One GPU as {@code nvidia-smi --query-gpu=index,memory.used,memory.total,utilization.gpu
 * --format=csv,noheader,nounits} reports it. A value the driver cannot report ({@code [N/A]}) is
 * NaN, and a limit on it is not applied: nothing is known to be over it.
 *
 * @param index the GPU index
 * @param memoryFraction used memory over total memory, 0..1 (NaN: unknown)
 * @param utilization GPU utilization, 0..1 (NaN: unknown)
 */
public record GpuLoad(int index, double memoryFraction, double utilization) {
  /** The query that {@link #parse} reads. */
  public static final String QUERY = "--query-gpu=index,memory.used,memory.total,utilization.gpu";

  /** Parses the query's output into GPU index to load; throws naming the first bad line. */
  public static Map<Integer, GpuLoad> parse(String csv) {
    Map<Integer, GpuLoad> out = new TreeMap<>();
    for (String raw : csv.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s*,\\s*");
      if (f.length != 4 || !f[0].matches("[0-9]+")) {
        throw new IllegalArgumentException("unexpected nvidia-smi line '" + line
            + "' (expected: index, memory.used, memory.total, utilization.gpu)");
      }
      double used = value(f[1], line);
      double total = value(f[2], line);
      double memory = total > 0 ? used / total : Double.NaN;
      out.put(Integer.parseInt(f[0]), new GpuLoad(Integer.parseInt(f[0]), memory, value(f[3], line) / 100.0));
    }
    return out;
  }

  private static double value(String field, String line) {
    if (field.startsWith("[") || field.equalsIgnoreCase("N/A")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unexpected nvidia-smi value '" + field + "' in line '" + line + "'");
    }
  }
}
