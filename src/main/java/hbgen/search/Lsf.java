package hbgen.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IBM LSF resources of the {@code bsub} launcher: run.sh starts each trial with {@code bsub -K}
 * and these options. Every value is one argument of bsub (an element of a bash array), never shell text.
 *
 * @param queue -q, or null
 * @param timeMinutes -W for every trial, or the floor when {@code perBudgetMinutes} is set; 0 = none
 * @param perBudgetMinutes run limit per budget unit; 0 = none
 * @param mem the memory of {@code -R "rusage[mem=...]"} (e.g. 8000 or 8GB), or null
 * @param cpus -n, 0 = not set
 * @param gpus the {@code -gpu} requirement: a number N ({@code num=N}) or a whole spec such as {@code num=2:mode=exclusive_process}, or null
 * @param project -P, or null
 * @param extra further bsub arguments, one per element
 */
public record Lsf(String queue, long timeMinutes, long perBudgetMinutes, String mem, int cpus, String gpus,
    String project, List<String> extra) {
  private static final Pattern TIME = Pattern.compile("(\\d{1,9})(?::(\\d{1,9}))?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:+@/-]+");
  private static final Pattern MEM = Pattern.compile("[0-9]+(\\.[0-9]+)?([KMGTPE]B?)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern GPU = Pattern.compile("[A-Za-z0-9_.:=,/+-]+");
  /** Longest run limit accepted: 100 years in minutes. */
  static final long MAX_MINUTES = 100L * 366 * 1440;

  public Lsf {
    if (timeMinutes < 0 || perBudgetMinutes < 0) {
      throw new IllegalArgumentException("LSF run limits must not be negative");
    }
    if (cpus < 0) {
      throw new IllegalArgumentException("--lsf-cpus must be >= 1, was " + cpus);
    }
    check("--lsf-queue", queue, NAME);
    check("--lsf-mem", mem, MEM);
    check("--lsf-gpus", gpus, GPU);
    check("--lsf-project", project, NAME);
    extra = List.copyOf(extra);
  }

  private static void check(String option, String value, Pattern allowed) {
    if (value != null && !allowed.matcher(value).matches()) {
      String what = allowed == MEM ? "a memory amount such as 8000 or 8GB"
          : allowed == GPU ? "a GPU count or -gpu requirement such as 1 or num=2:mode=exclusive_process"
          : "a plain LSF name (letters, digits, _ . : + @ / -)";
      throw new IllegalArgumentException(option + " must be " + what + ", was '" + value + "'");
    }
  }

  /** No LSF setting. */
  public static Lsf none() {
    return new Lsf(null, 0, 0, null, 0, null, null, List.of());
  }

  /** Parses an LSF run limit ({@code [hour:]minute}, as bsub -W reads it; minutes may exceed 59) into minutes. */
  public static long parseTime(String option, String text) {
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " must be an LSF run limit [hour:]minute such as 90 or 24:00, was '" + text + "'");
    }
    long minutes = m.group(2) == null ? Long.parseLong(m.group(1))
        : Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2));
    if (minutes <= 0) {
      throw new IllegalArgumentException(option + " must be positive, was '" + text + "'");
    }
    if (minutes > MAX_MINUTES) {
      throw new IllegalArgumentException(option + " must be at most " + MAX_MINUTES / 60 + ":00, was '" + text + "'");
    }
    return minutes;
  }

  /** Minutes as bsub -W's hour:minute, e.g. {@code 1:30} or {@code 36:00}. */
  public static String formatTime(long minutes) {
    return minutes / 60 + ":" + String.format("%02d", minutes % 60);
  }

  /** The run limit (-W) of a trial with this budget, or null when none is set. */
  public String timeLimit(double budget) {
    if (perBudgetMinutes > 0) {
      return formatTime(Math.min(MAX_MINUTES, Math.max(timeMinutes, (long) Math.ceil(perBudgetMinutes * budget))));
    }
    return timeMinutes > 0 ? formatTime(timeMinutes) : null;
  }

  /** The resource arguments of every trial's bsub (the run limit is per stage). */
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    if (queue != null) {
      a.addAll(List.of("-q", queue));
    }
    if (cpus > 0) {
      a.addAll(List.of("-n", Integer.toString(cpus)));
    }
    if (mem != null) {
      a.addAll(List.of("-R", "rusage[mem=" + mem + "]"));
    }
    if (gpus != null) {
      a.addAll(List.of("-gpu", gpus.matches("[0-9]+") ? "num=" + gpus : gpus));
    }
    if (project != null) {
      a.addAll(List.of("-P", project));
    }
    a.addAll(extra);
    return a;
  }

  /** The settings as the manifest records them (keys sorted, unset ones left out). */
  public Map<String, Object> manifest() {
    Map<String, Object> s = new TreeMap<>();
    if (queue != null) {
      s.put("queue", queue);
    }
    if (timeMinutes > 0) {
      s.put("time", formatTime(timeMinutes));
    }
    if (perBudgetMinutes > 0) {
      s.put("time_per_budget", formatTime(perBudgetMinutes));
    }
    if (mem != null) {
      s.put("mem", mem);
    }
    if (cpus > 0) {
      s.put("cpus", cpus);
    }
    if (gpus != null) {
      s.put("gpus", gpus);
    }
    if (project != null) {
      s.put("project", project);
    }
    if (!extra.isEmpty()) {
      s.put("extra", extra);
    }
    return s;
  }
}
