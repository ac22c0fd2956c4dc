package hbgen.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The LSF settings given on the command line ({@code --lsf-*}), each null when not given. They
 * take precedence over the space file's {@code lsf:} section.
 *
 * @param queue --lsf-queue
 * @param time --lsf-time, an LSF run limit [hour:]minute
 * @param timePerBudget --lsf-time-per-budget, an LSF run limit
 * @param mem --lsf-mem
 * @param cpus --lsf-cpus
 * @param gpus --lsf-gpus
 * @param project --lsf-project
 * @param extra --lsf-extra, shell words
 */
public record LsfSettings(String queue, String time, String timePerBudget, String mem, Integer cpus, String gpus,
    String project, String extra) {
  /** The keys of the space file's {@code lsf:} section. */
  public static final Set<String> KEYS = Set.of("queue", "time", "time_per_budget", "mem", "cpus", "gpus", "project", "extra");

  /** No setting given. */
  public static LsfSettings none() {
    return new LsfSettings(null, null, null, null, null, null, null, null);
  }

  /** The command-line option of an {@code lsf:} key. */
  public static String option(String key) {
    return "--lsf-" + key.replace('_', '-');
  }

  /** The settings by their {@code lsf:} key, null where not given. */
  public Map<String, Object> byKey() {
    Map<String, Object> given = new HashMap<>();
    given.put("queue", queue);
    given.put("time", time);
    given.put("time_per_budget", timePerBudget);
    given.put("mem", mem);
    given.put("cpus", cpus);
    given.put("gpus", gpus);
    given.put("project", project);
    given.put("extra", extra);
    return given;
  }

  /**
   * The LSF resources: these settings over the space file's {@code lsf:} section; a bad value is an
   * IllegalArgumentException naming the option (the caller rewords it for the space's key).
   */
  Lsf over(Map<String, Object> fromSpace, String spacePath) {
    for (String key : fromSpace.keySet()) {
      if (!KEYS.contains(key)) {
        throw new hbgen.error.UsageError(spacePath + ": lsf." + key + " is not a setting (expected one of " + new TreeSet<>(KEYS) + ")");
      }
    }
    String t = pick(time, fromSpace, "time");
    String perBudget = pick(timePerBudget, fromSpace, "time_per_budget");
    String c = pick(cpus == null ? null : cpus.toString(), fromSpace, "cpus");
    List<String> words;
    if (extra != null) {
      words = Launcher.words("--lsf-extra", extra);
    } else if (fromSpace.get("extra") instanceof List<?> l) {
      words = l.stream().map(String::valueOf).toList();
    } else {
      words = fromSpace.get("extra") == null ? List.of() : Launcher.words("--lsf-extra", String.valueOf(fromSpace.get("extra")));
    }
    int cpuCount;
    try {
      cpuCount = c == null ? 0 : Integer.parseInt(c);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--lsf-cpus must be a whole number, was '" + c + "'");
    }
    if (c != null && cpuCount < 1) {
      throw new IllegalArgumentException("--lsf-cpus must be >= 1, was " + c);
    }
    return new Lsf(pick(queue, fromSpace, "queue"), t == null ? 0 : Lsf.parseTime("--lsf-time", t),
        perBudget == null ? 0 : Lsf.parseTime("--lsf-time-per-budget", perBudget), pick(mem, fromSpace, "mem"),
        cpuCount, pick(gpus, fromSpace, "gpus"), pick(project, fromSpace, "project"), words);
  }

  private static String pick(String option, Map<String, Object> fromSpace, String key) {
    if (option != null) {
      return option;
    }
    Object v = fromSpace.get(key);
    return v == null ? null : String.valueOf(v);
  }
}
