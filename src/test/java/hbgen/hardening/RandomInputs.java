package hbgen.hardening;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded generator of hbgen invocations for {@link RandomInputTest}: space files of random
 * structure (the distributions of SPEC section 7 with right, wrong and edge arguments), mutated
 * bytes (truncations, flips, junk), random argument lists for {@code generate}, and a few other
 * subcommands on mutated manifests. Case {@code i} depends only on the seed and {@code i}.
 * Paths in arguments start with {@link #DIR}, the case's own directory.
 */
final class RandomInputs {
  /** Placeholder for the case's directory in arguments. */
  static final String DIR = "@DIR";

  /** The relative path of the copied fixture search, when a case uses one. */
  static final String SEARCH = "search";

  private static final List<String> KINDS = List.of("uniform", "loguniform", "choice", "value", "int", "range",
      "geomspace", "exponential", "normal");

  private static final List<String> NUMBERS = List.of("0", "1", "-1", "2", "0.5", "1.0e-5", "1e-5", "10", "1e400",
      "-1e400", "99999999999999999999", "9223372036854775807", "-9223372036854775808", ".nan", ".inf", "-.inf", "~",
      "''", "abc", "3", "100", "1.0e308", "0x1F", "1_000", "2001-01-01", "true", "[1]", "{a: 1}", "!!int x",
      "!!timestamp abc", "!!map [1]", "!!float ''", "!!str 5");

  private static final List<String> NAMES = List.of("lr", "x", "opt", "größe", "model.layers", "a.b.c", ".a", "a..b",
      "data", "seed", "名前", "with space", "\"quoted \\\" name\"", "'single'", "dup", "dup", "<<", "? k", "-",
      "emoji😀", "tab\\tname");

  private final SplittableRandom r;

  private RandomInputs(SplittableRandom r) {
    this.r = r;
  }

  /**
   * One generated invocation.
   *
   * @param index the case number
   * @param what a short description, for the report of a failing case
   * @param args the command line; paths start with {@link #DIR}
   * @param files files to create first (relative path to bytes)
   * @param manifest when not null, the fixture search is copied to {@link #SEARCH} and its
   *     hbgen.yaml replaced by these bytes (empty array: kept as it is)
   * @param writes whether a success writes a search at {@code DIR/out}
   */
  record Invocation(int index, String what, List<String> args, Map<String, byte[]> files, byte[] manifest, boolean writes) {
    Invocation {
      args = List.copyOf(args);
      files = Map.copyOf(files);
    }

    @Override public String toString() {
      return "case " + index + " (" + what + ")";
    }
  }

  /** Case {@code index} of the sequence of {@code seed}. */
  static Invocation of(long seed, int index, String validManifest) {
    return new RandomInputs(new SplittableRandom(seed + 0x9E3779B97F4A7C15L * index)).invocation(index, validManifest);
  }

  private boolean chance(double p) {
    return r.nextDouble() < p;
  }

  private <T> T pick(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  private Invocation invocation(int index, String validManifest) {
    double roll = r.nextDouble();
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (roll < 0.55) {
      files.put("space.yaml", mutate(spaceText()));
      List<String> args = generateArgs(true);
      args.addAll(List.of("--space", DIR + "/space.yaml"));
      templateDir(files, args);
      return new Invocation(index, "generate, random space", args, files, null, true);
    }
    if (roll < 0.70) {
      List<String> args = generateArgs(chance(0.8));
      if (chance(0.5)) {
        files.put("space.yaml", validSpace().getBytes(StandardCharsets.UTF_8));
        args.addAll(List.of("--space", DIR + "/space.yaml"));
      }
      return new Invocation(index, "generate, random arguments", args, files, null, true);
    }
    if (roll < 0.80) {
      files.put("space.yaml", mutate(chance(0.5) ? spaceText() : finiteSpace()));
      List<String> args = new ArrayList<>();
      boolean random = chance(0.5);
      args.add(random ? "random" : "grid");
      if (random) {
        args.add(pick(List.of("0", "1", "2", "3", "-1", "x", "99999999999999999999")));
      } else if (chance(0.7)) {
        args.addAll(List.of("--trials", pick(List.of("0", "1", "2", "-3", "x"))));
      }
      if (chance(0.9)) {
        args.addAll(List.of("-o", DIR + "/out"));
      }
      if (chance(0.4)) {
        args.addAll(List.of("--budget", pick(List.of("1", "0.5", "0", "-2", "NaN", "1e400", "Infinity", "x"))));
      }
      args.addAll(List.of("--trainer", "t", "--space", DIR + "/space.yaml"));
      if (chance(0.3)) {
        args.addAll(List.of("--random-seed", Long.toString(r.nextLong())));
      }
      return new Invocation(index, random ? "random" : "grid", args, files, null, true);
    }
    return reader(index, validManifest, files);
  }

  /** A read-only subcommand on a mutated manifest, a missing path, a file or an empty directory. */
  private Invocation reader(int index, String validManifest, Map<String, byte[]> files) {
    List<String> args = new ArrayList<>();
    String command = pick(List.of("status", "results", "best", "prune-checkpoints", "report"));
    args.add(command);
    byte[] manifest = null;
    double where = r.nextDouble();
    if (where < 0.7) {
      manifest = chance(0.15) ? new byte[0] : mutateManifest(validManifest);
      args.add(DIR + "/" + SEARCH);
      if (chance(0.5)) {
        trialFiles(files);
      }
    } else if (where < 0.8) {
      args.add(DIR + "/nope");
    } else if (where < 0.9) {
      files.put("plain.txt", "x".getBytes(StandardCharsets.UTF_8));
      args.add(DIR + "/plain.txt");
    } else {
      files.put("empty/.keep", new byte[0]);
      args.add(DIR + "/empty");
    }
    switch (command) {
      case "status" -> {
        if (chance(0.3)) {
          args.addAll(List.of("--top", pick(List.of("0", "3", "-1", "x"))));
        }
        if (chance(0.2)) {
          args.add(pick(List.of("--json", "--failed", "--grid=none", "--grid=bogus", "--watch=0", "--color=never")));
        }
      }
      case "results" -> {
        if (chance(0.3)) {
          args.addAll(List.of("--format", pick(List.of("csv", "tsv", "json", "xml"))));
        }
        if (chance(0.2)) {
          args.addAll(List.of("--state", pick(List.of("completed", "failed,pending", "bogus", ""))));
        }
      }
      case "best" -> {
        if (chance(0.3)) {
          args.addAll(List.of("--format", pick(List.of("yaml", "json", "yml"))));
        }
      }
      case "prune-checkpoints" -> {
        args.add("--dry-run");
        if (chance(0.3)) {
          args.addAll(List.of("--pattern", pick(List.of("checkpoint*", "*.pt", "", "../x", "[", "a/b"))));
        }
      }
      default -> args.addAll(List.of("-o", DIR + "/" + pick(List.of("report.html", "plain.txt/r.html", "search"))));
    }
    if (chance(0.05)) {
      args.add(pick(List.of("--bogus", "extra-arg", "--top", "-h")));
    }
    return new Invocation(index, command + " on a mutated search", args, files, manifest, false);
  }

  /** What a trainer, the launcher or a crash may leave in a trial directory or the ledger. */
  private void trialFiles(Map<String, byte[]> files) {
    String trial = SEARCH + "/bracket-" + r.nextInt(2) + "/stage-0/config-" + r.nextInt(2) + "/";
    String file = pick(List.of("result", "started", "failed", "skipped", "promoted-from", "log"));
    String text = pick(List.of("0.5\n", "nan\n", "{loss: 0.1, accuracy: 0.9}\n", "{\"loss\": 1e400}\n", "loss: x\n",
        "time: 2026-01-01T00:00:00Z\nhost: h\npid: 99999999999\nattempt: x\n", "attempts: -1\nreason: 'a''b'\n",
        "../../../../etc\n", "", "\u0000\u0001", "[1, 2]\n", "&a [*a]\n"));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (chance(0.2)) {
      bytes = new byte[1 + r.nextInt(200)];
      r.nextBytes(bytes);
    }
    files.put(trial + file, bytes);
    if (chance(0.3)) {
      byte[] ledger = ("time\ttrial\tstate\tobjective\tbudget\tduration_s\tattempts\tmetrics\treason\thost\tslurm_job_id\n"
          + pick(List.of("x\tbracket-0/stage-0/config-0\tcompleted\t0.5\t1\t1\t1\t{}\t\th\t\n", "junk\n",
              "\t\t\t\t\t\t\t\t\t\t\n", "t\tbracket-9/stage-9/config-9\tfailed\tnan\t1e400\tx\t-1\t{\t\t\t\n")))
          .getBytes(StandardCharsets.UTF_8);
      files.put(SEARCH + "/results.tsv", ledger);
    }
  }

  // ---- generate's command line -------------------------------------------------------------

  private List<String> generateArgs(boolean output) {
    List<String> args = new ArrayList<>();
    args.add("generate");
    double plan = r.nextDouble();
    if (plan < 0.85) {
      args.add(Integer.toString(r.nextInt(3)));
      args.add(Integer.toString(2 + r.nextInt(3)));
    } else {
      // bad or missing plan arguments; the large ones fail before anything is drawn
      String[][] bad = {{"-1", "3"}, {"2", "1"}, {"2", "0"}, {"x", "3"}, {"1"}, {}, {"63", "2"}, {"13", "3"},
          {"99999999999999999999", "3"}, {"1", "1e400"}, {"1", "3", "4"}};
      args.addAll(List.of(bad[r.nextInt(bad.length)]));
    }
    if (output) {
      args.addAll(List.of("-o", DIR + "/out"));
    }
    args.addAll(List.of("--trainer", pick(List.of("t", "t", "t", "python3 train.py", "", "echo $(rm -rf ~)"))));
    int options = r.nextInt(4);
    for (int i = 0; i < options; i++) {
      args.addAll(option());
    }
    return args;
  }

  private List<String> option() {
    return switch (r.nextInt(20)) {
      case 0 -> List.of("--random-seed", pick(List.of(Long.toString(r.nextLong()), "-1", "0", "x", "99999999999999999999")));
      case 1 -> List.of("--guaranteed-budget", pick(List.of("0", "0.5", "2", "-1", "1e400", "NaN")));
      case 2 -> List.of("--bracket", pick(List.of("0", "1", "2", "5", "-1")));
      case 3 -> List.of("--last-stage", pick(List.of("0", "1", "-1", "9")));
      case 4 -> List.of(pick(List.of("-r", "--repetitions")), pick(List.of("1", "2", "0", "-1")));
      case 5 -> List.of(pick(List.of("-k", "--folds")), pick(List.of("1", "5", "0", "-5")));
      case 6 -> List.of("-t", pick(List.of("0.5", "0", "-1", "1e400", "NaN")));
      case 7 -> List.of("--objective", pick(List.of("loss", "accuracy", "a b", "", "ü", "x.y-z")));
      case 8 -> List.of(pick(List.of("--minimize", "--maximize")));
      case 9 -> List.of(pick(List.of("--retries", "--slurm-requeue", "--timeout")), pick(List.of("0", "2", "-1", "x", "90s", "01:00:00")));
      case 10 -> List.of("--launcher", pick(List.of("local", "srun", "sbatch", "qsub", "")));
      case 11 -> List.of(pick(List.of("--slurm-time", "--slurm-time-per-budget")),
          pick(List.of("01:00:00", "30", "0", "1-12", "99999999999999999999", "1:2:3:4", "-5", "")));
      case 12 -> List.of(pick(List.of("--slurm-mem", "--slurm-partition", "--slurm-gpus", "--slurm-account", "--slurm-qos")),
          pick(List.of("4G", "gpu", "a100:1", "x;rm", "", "ü")));
      case 13 -> List.of(pick(List.of("--slurm-cpus", "--slurm-signal")), pick(List.of("1", "4", "0", "-1", "x", "USR1@30", "none", "KILL@5")));
      case 14 -> List.of("--slurm-extra", pick(List.of("--exclusive", "--constraint=v100 --exclusive", "\"unclosed", "")));
      case 15 -> List.of(pick(List.of("--allow-duplicates", "--overwrite", "--resume-from-parent")));
      case 16 -> List.of(pick(List.of("--trainer-dir", "--snapshot", "--template-dir", "--from")),
          pick(List.of(DIR + "/nope", DIR, "", DIR + "/space.yaml")));
      case 17 -> List.of(pick(List.of("--bogus", "--colour", "-Z", "--", "--random-sead")));
      case 18 -> List.of("-o", DIR + "/" + pick(List.of("out", "other", "", "space.yaml", "space.yaml/out")));
      default -> List.of("--space", DIR + "/" + pick(List.of("nope.yaml", "", ".")));
    };
  }

  private void templateDir(Map<String, byte[]> files, List<String> args) {
    if (!chance(0.08)) {
      return;
    }
    String[] bodies = {"${json(config)}\n", "${json(config)\n", "<#list params as k, v>${k}=${v}\n</#list>",
        "${params.nope}\n", "${seed?api}\n", "<#assign x = \"freemarker.template.utility.Execute\"?new()>",
        "${jsonInline(params)} ${sh(\"a'b\")} ${py(fixed)}\n", "<#if>", "${'\u00e9'}\n", "${config}\n"};
    files.put("tpl/config.ftl", bodies[r.nextInt(bodies.length)].getBytes(StandardCharsets.UTF_8));
    args.addAll(List.of("--template-dir", DIR + "/tpl"));
  }

  // ---- space files -------------------------------------------------------------------------

  private String validSpace() {
    return "parameters:\n  lr: {loguniform: [1.0e-5, 1.0e-1]}\n  opt: {choice: [sgd, adam]}\n"
        + "  beta:\n    - {value: 0.0, when: {opt: sgd}}\n    - {uniform: [0.8, 0.99], when: {opt: adam}}\n"
        + "fixed:\n  model.layers: 2\n";
  }

  private String finiteSpace() {
    return "parameters:\n  opt: {choice: [sgd, adam, rmsprop]}\n  width: {int: [16, 64], step: 16}\n"
        + "  lr2: {geomspace: [0.01, 1], num: 3}\n  dim: {range: [1, 5]}\n";
  }

  private String spaceText() {
    StringBuilder y = new StringBuilder();
    if (chance(0.05)) {
      return pick(List.of("", "---\n", "[]\n", "42\n", "parameters\n", "~\n", "parameters: [a, b]\n", "? [a]\n: b\n"));
    }
    List<String> sections = new ArrayList<>(List.of("parameters"));
    if (chance(0.4)) {
      sections.add("fixed");
    }
    if (chance(0.15)) {
      sections.add("slurm");
    }
    if (chance(0.05)) {
      sections.add(pick(List.of("params", "parameters", "extra", "Fixed")));
    }
    if (chance(0.2)) {
      java.util.Collections.swap(sections, 0, sections.size() - 1);
    }
    List<String> names = new ArrayList<>();
    for (String section : sections) {
      y.append(section).append(":");
      switch (section) {
        case "parameters" -> parameters(y, names);
        case "fixed" -> fixed(y);
        case "slurm" -> slurm(y);
        default -> y.append(" ").append(pick(NUMBERS)).append("\n");
      }
    }
    return y.toString();
  }

  private void parameters(StringBuilder y, List<String> names) {
    int n = r.nextInt(5);
    if (n == 0) {
      y.append(pick(List.of(" {}\n", " ~\n", " 5\n", " []\n", "\n")));
      return;
    }
    y.append("\n");
    for (int i = 0; i < n; i++) {
      String name = chance(0.8) ? "p" + i : pick(NAMES);
      y.append("  ").append(name).append(":");
      if (chance(0.15) && !names.isEmpty()) {
        y.append("\n");
        int cases = 1 + r.nextInt(3);
        for (int c = 0; c < cases; c++) {
          y.append("    - ").append(distribution(names, true)).append("\n");
        }
      } else {
        y.append(" ").append(distribution(names, false)).append("\n");
      }
      names.add(name);
    }
  }

  private String distribution(List<String> earlier, boolean inList) {
    if (chance(0.03)) {
      return pick(NUMBERS);
    }
    String kind = chance(0.95) ? pick(KINDS) : pick(List.of("gauss", "Uniform", "choices", "step"));
    String args = arguments(kind);
    StringBuilder d = new StringBuilder("{").append(kind).append(": ").append(args);
    if (chance(0.15)) {
      d.append(", ").append(pick(List.of("step", "num"))).append(": ").append(pick(NUMBERS));
    }
    if (chance(0.05)) {
      d.append(", ").append(pick(KINDS)).append(": [0, 1]");
    }
    if (inList || chance(0.03)) {
      String ref = earlier.isEmpty() || chance(0.1) ? pick(NAMES) : pick(earlier);
      d.append(", when: {").append(ref).append(": ").append(chance(0.5) ? pick(NUMBERS) : "[sgd, adam]").append("}");
    }
    return d.append("}").toString();
  }

  private String arguments(String kind) {
    if (chance(0.12)) {
      return pick(NUMBERS);
    }
    return switch (kind) {
      case "choice" -> {
        if (chance(0.1)) {
          yield pick(List.of("[]", "[~]", "[a, [b, c]]", "[{a: 1}]", "&c [1, *c]"));
        }
        List<String> v = new ArrayList<>();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
          v.add(chance(0.7) ? pick(List.of("sgd", "adam", "a", "b", "ü", "\"x y\"", "'q''s'")) + i : pick(NUMBERS));
        }
        yield "[" + String.join(", ", v) + "]";
      }
      case "value" -> chance(0.7) ? pick(List.of("l2", "0", "[1, 2]", "{a: 1}", "\"$(rm -rf ~)\"")) : pick(NUMBERS);
      case "exponential" -> "{scale: " + number(0.7) + "}";
      case "normal" -> chance(0.8) ? "{mean: " + number(0.8) + ", sd: " + number(0.7) + "}"
          : pick(List.of("{mean: 0}", "{sd: 1}", "{mean: 0, sd: 1, x: 2}", "{}"));
      case "range" -> {
        int n = r.nextInt(5);
        List<String> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          v.add(chance(0.8) ? Integer.toString(r.nextInt(21) - 5) : pick(NUMBERS));
        }
        yield "[" + String.join(", ", v) + "]";
      }
      default -> {
        int n = chance(0.85) ? 2 : r.nextInt(4);
        List<String> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          v.add(number(0.75));
        }
        yield "[" + String.join(", ", v) + "]";
      }
    };
  }

  /** A sensible small number with probability {@code p}, else an edge value. */
  private String number(double p) {
    if (chance(p)) {
      return pick(List.of("0", "0.1", "1", "2", "5", "10", "1.0e-3", "0.5", "16", "64", "100"));
    }
    return pick(NUMBERS);
  }

  private void fixed(StringBuilder y) {
    int n = r.nextInt(4);
    if (n == 0) {
      y.append(pick(List.of(" {}\n", " ~\n", " [1]\n")));
      return;
    }
    y.append("\n");
    for (int i = 0; i < n; i++) {
      y.append("  ").append(chance(0.7) ? "f" + i : pick(NAMES)).append(": ")
          .append(chance(0.6) ? pick(List.of("2", "iris", "[1, 2]", "{a: {b: 1}}", "0.5", "ü", "''")) : pick(NUMBERS))
          .append("\n");
    }
  }

  private void slurm(StringBuilder y) {
    y.append("\n");
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      y.append("  ").append(pick(List.of("launcher", "partition", "time", "time_per_budget", "mem", "cpus", "gpus",
          "account", "qos", "extra", "nodes", "signal", "requeue"))).append(": ")
          .append(pick(List.of("srun", "local", "sbatch", "qsub", "gpu", "01:00:00", "1:30:00", "4G", "2", "0", "-1",
              "[--exclusive, 1]", "{a: 1}", "\"--constraint=v100 --exclusive\"", "x;y", "~", "USR2@60", "none")))
          .append("\n");
    }
  }

  // ---- byte mutations --------------------------------------------------------------------------

  /** The text as bytes, usually unchanged, else truncated, flipped, spliced with junk or with YAML tricks. */
  private byte[] mutate(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    double roll = r.nextDouble();
    if (roll < 0.7) {
      return b;
    }
    if (roll < 0.78 && b.length > 0) {
      return java.util.Arrays.copyOf(b, r.nextInt(b.length));
    }
    if (roll < 0.86 && b.length > 0) {
      byte[] c = b.clone();
      int flips = 1 + r.nextInt(3);
      for (int i = 0; i < flips; i++) {
        c[r.nextInt(c.length)] = (byte) r.nextInt(256);
      }
      return c;
    }
    if (roll < 0.92) {
      byte[] junk = new byte[1 + r.nextInt(64)];
      r.nextBytes(junk);
      int at = b.length == 0 ? 0 : r.nextInt(b.length);
      byte[] c = new byte[b.length + junk.length];
      System.arraycopy(b, 0, c, 0, at);
      System.arraycopy(junk, 0, c, at, junk.length);
      System.arraycopy(b, at, c, at + junk.length, b.length - at);
      return c;
    }
    String trick = pick(List.of("\t", "\u0000", "&a ", "*a", "*nope", "<<: *a\n", "!!binary aGk=", "!!python/object:x {}",
        "%YAML 1.1\n---\n", "\n---\n", "\"", "[", "{", "\ufeff", "\r\n", "? ", "\u2028"));
    int at = b.length == 0 ? 0 : r.nextInt(b.length);
    return (text.substring(0, Math.min(at, text.length())) + trick + text.substring(Math.min(at, text.length())))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A fixture's manifest with one change: a value, a line, a cut or a byte. */
  private byte[] mutateManifest(String manifest) {
    List<String> lines = new ArrayList<>(List.of(manifest.split("\n", -1)));
    switch (r.nextInt(6)) {
      case 0 -> lines.remove(r.nextInt(lines.size()));
      case 1 -> {
        int i = r.nextInt(lines.size());
        String line = lines.get(i);
        int colon = line.indexOf(": ");
        if (colon > 0) {
          lines.set(i, line.substring(0, colon + 2) + pick(NUMBERS));
        }
      }
      case 2 -> {
        int i = r.nextInt(lines.size());
        lines.add(i, lines.get(i));
      }
      case 3 -> {
        return mutate(manifest);
      }
      case 4 -> {
        return java.util.Arrays.copyOf(manifest.getBytes(StandardCharsets.UTF_8), r.nextInt(manifest.length()));
      }
      default -> {
        return manifest.getBytes(StandardCharsets.UTF_8);
      }
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }
}
