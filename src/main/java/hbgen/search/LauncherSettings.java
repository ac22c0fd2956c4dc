package hbgen.search;

import hbgen.error.UsageError;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The launcher settings given on the command line ({@code --launcher}, {@code --slurm-*}), each
 * null when not given. They take precedence over the space file's {@code slurm:} section, which
 * keeps cluster settings next to the sweep.
 *
 * @param launcher local, srun or sbatch
 * @param partition --slurm-partition
 * @param time --slurm-time, a Slurm time
 * @param timePerBudget --slurm-time-per-budget, a Slurm time
 * @param mem --slurm-mem
 * @param cpus --slurm-cpus
 * @param gpus --slurm-gpus
 * @param account --slurm-account
 * @param qos --slurm-qos
 * @param extra --slurm-extra, shell words
 * @param signal --slurm-signal, SIG@SECONDS or none
 * @param requeue --slurm-requeue
 * @param timeout --timeout, a duration (local launcher; not a key of the space's {@code slurm:} section)
 * @param lsf the {@code --lsf-*} settings of the bsub launcher
 */
public record LauncherSettings(String launcher, String partition, String time, String timePerBudget, String mem,
    Integer cpus, String gpus, String account, String qos, String extra, String signal, Integer requeue,
    String timeout, LsfSettings lsf) {
  /** The keys of the space file's {@code slurm:} section. */
  public static final Set<String> KEYS = Set.of("launcher", "partition", "time", "time_per_budget", "mem", "cpus",
      "gpus", "account", "qos", "extra", "signal", "requeue");

  public LauncherSettings {
    lsf = lsf == null ? LsfSettings.none() : lsf;
  }

  /** Slurm and local settings, no LSF setting. */
  public LauncherSettings(String launcher, String partition, String time, String timePerBudget, String mem,
      Integer cpus, String gpus, String account, String qos, String extra, String signal, Integer requeue,
      String timeout) {
    this(launcher, partition, time, timePerBudget, mem, cpus, gpus, account, qos, extra, signal, requeue, timeout,
        LsfSettings.none());
  }

  /** Slurm resources and LSF settings, without a notice, requeues or a local time limit. */
  public LauncherSettings(String launcher, String partition, String time, String timePerBudget, String mem,
      Integer cpus, String gpus, String account, String qos, String extra, LsfSettings lsf) {
    this(launcher, partition, time, timePerBudget, mem, cpus, gpus, account, qos, extra, null, null, null, lsf);
  }

  /** No setting given. */
  public static LauncherSettings none() {
    return new LauncherSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The command-line option of a {@code slurm:} key: {@code --launcher} or {@code --slurm-KEY}. */
  public static String option(String key) {
    return key.equals("launcher") ? "--launcher" : "--slurm-" + key.replace('_', '-');
  }

  /** The settings by their {@code slurm:} key, null where not given. */
  public Map<String, Object> byKey() {
    Map<String, Object> given = new HashMap<>();
    given.put("launcher", launcher);
    given.put("partition", partition);
    given.put("time", time);
    given.put("time_per_budget", timePerBudget);
    given.put("mem", mem);
    given.put("cpus", cpus);
    given.put("gpus", gpus);
    given.put("account", account);
    given.put("qos", qos);
    given.put("extra", extra);
    given.put("signal", signal);
    given.put("requeue", requeue);
    return given;
  }

  /** The launcher: these settings over the space file's {@code slurm:} and {@code lsf:} sections. */
  public Launcher over(SpaceFile space, String spacePath) {
    return over(space.slurm(), space.lsf(), spacePath);
  }

  /** The launcher over a {@code slurm:} section alone. */
  public Launcher over(Map<String, Object> fromSpace, String spacePath) {
    return over(fromSpace, Map.of(), spacePath);
  }

  /**
   * The launcher: these settings over the space file's {@code slurm:} section ({@code fromSpace})
   * and {@code lsf:} section ({@code lsfFromSpace}), read from {@code spacePath}; a bad value is a
   * usage error naming the option or the space's key.
   */
  public Launcher over(Map<String, Object> fromSpace, Map<String, Object> lsfFromSpace, String spacePath) {
    for (String key : fromSpace.keySet()) {
      if (!KEYS.contains(key)) {
        throw new UsageError(spacePath + ": slurm." + key + " is not a setting (expected one of " + new TreeSet<>(KEYS) + ")");
      }
    }
    try {
      String kind = pick(launcher, fromSpace, "launcher", "local");
      String t = pick(time, fromSpace, "time", null);
      String perBudget = pick(timePerBudget, fromSpace, "time_per_budget", null);
      String c = pick(cpus == null ? null : cpus.toString(), fromSpace, "cpus", null);
      List<String> words;
      if (extra != null) {
        words = Launcher.words(extra);
      } else if (fromSpace.get("extra") instanceof List<?> l) {
        words = l.stream().map(String::valueOf).toList();
      } else {
        words = fromSpace.get("extra") == null ? List.of() : Launcher.words(String.valueOf(fromSpace.get("extra")));
      }
      int cpuCount;
      try {
        cpuCount = c == null ? 0 : Integer.parseInt(c);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--slurm-cpus must be a whole number, was '" + c + "'");
      }
      if (c != null && cpuCount < 1) {
        throw new IllegalArgumentException("--slurm-cpus must be >= 1, was " + c);
      }
      // The notice before the time limit: as given, else USR1@120 for Slurm trials with a time limit.
      String sig = pick(signal, fromSpace, "signal", null);
      boolean limited = t != null || perBudget != null;
      String notice = sig != null ? Launcher.parseSignal("--slurm-signal", sig)
          : limited && (kind.equals("srun") || kind.equals("sbatch")) ? Launcher.DEFAULT_SIGNAL : "";
      String r = pick(requeue == null ? null : requeue.toString(), fromSpace, "requeue", null);
      int requeues;
      try {
        requeues = r == null ? 0 : Integer.parseInt(r);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--slurm-requeue must be a whole number, was '" + r + "'");
      }
      return new Launcher(kind, pick(partition, fromSpace, "partition", null),
          t == null ? 0 : Launcher.parseTime("--slurm-time", t),
          perBudget == null ? 0 : Launcher.parseTime("--slurm-time-per-budget", perBudget),
          pick(mem, fromSpace, "mem", null), cpuCount, pick(gpus, fromSpace, "gpus", null),
          pick(account, fromSpace, "account", null), pick(qos, fromSpace, "qos", null), words, notice, requeues,
          timeout == null ? 0 : Launcher.parseDuration("--timeout", timeout), lsfOver(lsfFromSpace, spacePath));
    } catch (IllegalArgumentException e) {
      throw new UsageError(blame(e.getMessage(), fromSpace, spacePath));
    }
  }

  private Lsf lsfOver(Map<String, Object> lsfFromSpace, String spacePath) {
    try {
      return lsf.over(lsfFromSpace, spacePath);
    } catch (IllegalArgumentException e) {
      Map<String, Object> given = lsf.byKey();
      for (String key : lsfFromSpace.keySet()) {
        String option = LsfSettings.option(key);
        if (given.get(key) == null && e.getMessage().startsWith(option + " ")) {
          throw new UsageError(spacePath + ": lsf." + key + e.getMessage().substring(option.length()));
        }
      }
      throw e;
    }
  }

  /** A message about an option, reworded to name the space's {@code slurm.KEY} when the value came from there. */
  private String blame(String message, Map<String, Object> fromSpace, String spacePath) {
    Map<String, Object> given = byKey();
    for (String key : fromSpace.keySet()) {
      String option = option(key);
      if (given.get(key) == null && message.startsWith(option + " ")) {
        return spacePath + ": slurm." + key + message.substring(option.length());
      }
    }
    return message;
  }

  private static String pick(String option, Map<String, Object> fromSpace, String key, String fallback) {
    if (option != null) {
      return option;
    }
    Object v = fromSpace.get(key);
    return v == null ? fallback : String.valueOf(v);
  }
}
