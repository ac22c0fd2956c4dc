package hbgen.search;

import hbgen.render.Quoting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search's {@code --slurm-*} settings as resources of Snakemake 8's Slurm executor plugin
 * (snakemake-executor-plugin-slurm, docs/further.md: "Standard Resources", "SLURM-specific
 * Resources", "GPU Jobs", "Additional Custom Job Configuration"), for the {@code train} rule of
 * the profile's {@code config.v8+.yaml}.
 *
 * <p>The plugin sets some sbatch options itself and refuses them in {@code slurm_extra}
 * (validation.py, {@code get_forbidden_slurm_options}): {@code --constraint}, {@code --qos},
 * {@code --gres} and {@code --clusters} given in {@code --slurm-extra} become resources of their own;
 * any other such option stays in {@code slurm_extra} and is listed in {@link #refused()}.
 *
 * @param resources resource name to value (an int, a string, or a Python expression string), in output order
 * @param refused options left in {@code slurm_extra} that the plugin (2.x) refuses there
 */
public record SlurmPluginResources(Map<String, Object> resources, List<String> refused) {
  /** Where a job goes rather than what it needs: the profile's default-resources for every rule. */
  private static final Set<String> LOCATION = Set.of("slurm_partition", "slurm_account");

  /** Slurm's --mem: a number of megabytes, or with a K, M, G or T suffix (binary units, sbatch(1)). */
  private static final Pattern MEM = Pattern.compile("([0-9]{1,12})([KMGT]?)B?", Pattern.CASE_INSENSITIVE);
  /** --gpus as "N" or "TYPE:N" (sbatch(1)), which the plugin's gpu and gpu_model express. */
  private static final Pattern GPUS = Pattern.compile("(?:([A-Za-z0-9_.-]+):)?([0-9]{1,6})");
  /** sbatch options that have a plugin resource of their own. */
  private static final Map<String, String> AS_RESOURCE = Map.of("--constraint", "constraint", "-C", "constraint",
      "--qos", "qos", "--gres", "gres", "--clusters", "clusters", "-M", "clusters");
  /** Options the plugin sets itself and refuses in slurm_extra (plugin 2.x, validation.py). */
  private static final Set<String> PLUGIN_OWNED = Set.of("--job-name", "-J", "--output", "-o", "--error", "-e",
      "--parsable", "--export", "--comment", "--workdir", "--chdir", "-D", "--account", "-A", "--partition", "-p",
      "--mem", "--mem-per-cpu", "--ntasks", "-n", "--ntasks-per-gpu", "--cpus-per-task", "-c", "--cpus-per-gpu",
      "--time", "-t", "--nodes", "-N", "--gpus", "-G");

  public SlurmPluginResources {
    resources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(resources));
    refused = List.copyOf(refused);
  }

  /**
   * The resources of a launcher's settings.
   *
   * @param launcher the search's launcher settings
   * @param stageSeconds time limit in seconds by stage ("bracket-B/stage-S"), in plan order;
   *     empty or all zero when no limit is set
   */
  public static SlurmPluginResources of(Launcher launcher, Map<String, Long> stageSeconds) {
    Map<String, Object> r = new LinkedHashMap<>();
    put(r, "slurm_partition", launcher.partition());
    put(r, "slurm_account", launcher.account());
    Object runtime = runtime(stageSeconds);
    put(r, "runtime", runtime);
    if (launcher.mem() != null) {
      Matcher m = MEM.matcher(launcher.mem());
      if (m.matches()) {
        r.put("mem_mb", megabytes(Long.parseLong(m.group(1)), m.group(2).toUpperCase()));
      } else {
        r.put("mem", launcher.mem()); // e.g. a value with a unit the plugin reads itself
      }
    }
    if (launcher.cpus() > 0) {
      r.put("cpus_per_task", launcher.cpus());
    }
    if (launcher.gpus() != null) {
      Matcher m = GPUS.matcher(launcher.gpus());
      if (m.matches()) {
        r.put("gpu", Integer.parseInt(m.group(2)));
        put(r, "gpu_model", m.group(1));
      } else {
        r.put("gres", "gpu:" + launcher.gpus());
      }
    }
    put(r, "qos", launcher.qos());
    List<String> extra = new ArrayList<>();
    Set<String> refused = new TreeSet<>();
    List<String> words = launcher.extra();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String option = w.startsWith("-") && w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
      String resource = AS_RESOURCE.get(option);
      if (resource != null && !r.containsKey(resource)) {
        if (!option.equals(w)) {
          r.put(resource, w.substring(option.length() + 1));
          continue;
        }
        if (i + 1 < words.size()) {
          r.put(resource, words.get(++i));
          continue;
        }
      }
      if (PLUGIN_OWNED.contains(option) || AS_RESOURCE.containsKey(option)) {
        refused.add(option);
      }
      extra.add(w);
    }
    if (!extra.isEmpty()) {
      // The plugin appends slurm_extra to its sbatch command line as it is (a shell line).
      r.put("slurm_extra", String.join(" ", extra.stream().map(Quoting::shell).toList()));
    }
    return new SlurmPluginResources(r, List.copyOf(refused));
  }

  /** The resources that say where jobs go (partition, account). */
  public Map<String, Object> location() {
    Map<String, Object> out = new LinkedHashMap<>(resources);
    out.keySet().retainAll(LOCATION);
    return out;
  }

  /** The resources that say what one trial needs (all but {@link #location()}). */
  public Map<String, Object> trial() {
    Map<String, Object> out = new LinkedHashMap<>(resources);
    out.keySet().removeAll(LOCATION);
    return out;
  }

  private static void put(Map<String, Object> r, String name, Object value) {
    if (value != null) {
      r.put(name, value);
    }
  }

  /** Slurm's --mem value in megabytes (sbatch counts K, M, G, T in units of 1024). */
  private static long megabytes(long n, String unit) {
    return switch (unit) {
      case "K" -> Math.max(1, (n + 1023) / 1024);
      case "G" -> n * 1024;
      case "T" -> n * 1024 * 1024;
      default -> n;
    };
  }

  /**
   * The plugin's runtime (minutes, the --time it asks for): a number when every stage has the same
   * limit; otherwise a Python expression that picks the limit of the trial's stage from the path of
   * the train job's first input ({@code bracket-B/stage-S/...}), since resource expressions see
   * {@code input}, {@code threads} and {@code attempt} but not the wildcards (Snakemake's profile
   * documentation, "dynamic resources"). Null when no limit is set.
   */
  static Object runtime(Map<String, Long> stageSeconds) {
    Map<String, Long> minutes = new LinkedHashMap<>();
    stageSeconds.forEach((stage, s) -> {
      if (s > 0) {
        minutes.put(stage, (s + 59) / 60);
      }
    });
    if (minutes.isEmpty()) {
      return null;
    }
    long most = minutes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    if (minutes.values().stream().allMatch(m -> m == most)) {
      return most;
    }
    return Quoting.python(minutes) + ".get(\"/\".join(str(input[0]).split(\"/\")[:2]), " + most + ")";
  }
}
