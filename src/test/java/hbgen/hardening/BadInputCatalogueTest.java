package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind, one row per case (SPEC section 6: "one clear line naming the
 * file/field/value and what is expected, exit code 2, and nothing half-written on disk"): the
 * command line of every subcommand, space files, templates, the manifests of existing searches
 * and search directories. Each row builds its input in a fresh directory, runs hbgen in process
 * and checks the exit code (2 for bad input, 1 for a runtime failure), that stderr is exactly one
 * line {@code hbgen: ...} holding the row's fragments in order (the file, {@code path:line:col:}
 * for YAML and templates, the field or value, what was expected), that no stack trace shows, and
 * that the directory tree, output directory included, is byte for byte what it was before.
 *
 * <p>The template sandbox (?new, ?api, an #include out of the directory, a template that is a
 * symbolic link out of it) is covered by GenerateCommandTest.BadInput; the rows here add what it
 * does not.
 */
class BadInputCatalogueTest {
  @TempDir Path tmp;

  /** Builds a case's input under the test's directory and returns the command line. */
  @FunctionalInterface
  interface Setup {
    List<String> args(Path tmp) throws IOException;
  }

  /** The fragments the one line of stderr must hold, in this order. */
  @FunctionalInterface
  interface Expect {
    List<String> fragments(Path tmp);
  }

  /**
   * One row of the catalogue.
   *
   * @param name what is wrong, as the test's display name
   * @param code the exit code: 2 for bad input, 1 for a runtime failure
   * @param setup the input and the command line
   * @param expect what the message must name
   */
  record Case(String name, int code, Setup setup, Expect expect) {
    @Override public String toString() {
      return name;
    }
  }

  static Case usage(String name, Setup setup, Expect expect) {
    return new Case(name, 2, setup, expect);
  }

  static Case runtime(String name, Setup setup, Expect expect) {
    return new Case(name, 1, setup, expect);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("catalogue")
  void badInputFailsWithOneLineNamingTheProblemAndWritesNothing(Case c) throws IOException {
    List<String> args = c.setup().args(tmp);
    Tree before = Tree.of(tmp);
    List<String> cwdBefore = listing(Path.of(""));

    Cli.Run r = Cli.run(args.toArray(String[]::new));

    assertThat(r.code()).as("exit code of %s; stderr: %s", args, r.err()).isEqualTo(c.code());
    String line = CleanFailure.line(r);
    List<String> fragments = c.expect().fragments(tmp);
    String inOrder = fragments.stream().map(Pattern::quote).collect(Collectors.joining(".*"));
    assertThat(Pattern.compile(inOrder, Pattern.DOTALL).matcher(line).find())
        .as("stderr line %s names, in order, %s", line, fragments).isTrue();
    assertThat(Tree.of(tmp)).as("nothing written, renamed or deleted").isEqualTo(before);
    assertThat(listing(Path.of(""))).as("nothing written in the working directory").isEqualTo(cwdBefore);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  // ---- fixtures -----------------------------------------------------------------------------

  static final String SPACE = "parameters:\n  lr: {loguniform: [1.0e-5, 1.0e-1]}\n  opt: {choice: [sgd, adam]}\n"
      + "fixed:\n  data: iris\n";

  static String s(Path p) {
    return p.toString();
  }

  static List<String> args(String... a) {
    return List.of(a);
  }

  static List<String> concat(List<String> a, String... b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(Arrays.asList(b));
    return out;
  }

  /** A space file with this text. */
  static Path space(Path tmp, String text) throws IOException {
    return Files.writeString(tmp.resolve("space.yaml"), text);
  }

  static Path space(Path tmp, byte[] bytes) throws IOException {
    return Files.write(tmp.resolve("space.yaml"), bytes);
  }

  /** {@code generate 0 2 -o tmp/out --trainer t --space FILE} plus more arguments. */
  static List<String> generate(Path tmp, Path spaceFile, String... more) {
    return concat(args("generate", "0", "2", "-o", s(tmp.resolve("out")), "--trainer", "t", "--space", s(spaceFile)), more);
  }

  /** Writes a small Hyperband search (2 brackets, 5 trials) into tmp/search and returns it. */
  static Path search(Path tmp) throws IOException {
    Path dir = tmp.resolve("search");
    Cli.Run r = Cli.run("generate", "1", "2", "-o", s(dir), "--trainer", "t", "--random-seed", "3",
        "--space", s(space(tmp, SPACE)));
    assertThat(r.code()).as(r.err()).isZero();
    return dir;
  }

  /** A search whose manifest was changed by {@code edit}. */
  static Path searchWithManifest(Path tmp, UnaryOperator<String> edit) throws IOException {
    Path dir = search(tmp);
    Path manifest = dir.resolve("hbgen.yaml");
    String text = Files.readString(manifest);
    String edited = edit.apply(text);
    assertThat(edited).as("the edit changed the manifest").isNotEqualTo(text);
    Files.writeString(manifest, edited);
    return dir;
  }

  static Path manifest(Path tmp) {
    return tmp.resolve("search/hbgen.yaml");
  }

  static Path templates(Path tmp, String name, String text) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("tpl"));
    Files.writeString(dir.resolve(name), text);
    return dir;
  }

  static Stream<Case> catalogue() {
    List<Case> all = new ArrayList<>();
    all.addAll(commandLine());
    all.addAll(spaceFiles());
    all.addAll(templateDirs());
    all.addAll(manifests());
    all.addAll(searchDirs());
    return all.stream();
  }

  // ---- the command line of every subcommand --------------------------------------------------

  static List<Case> commandLine() {
    return List.of(
        usage("generate: S_MAX that is not a number",
            t -> args("generate", "two", "3"),
            t -> List.of("hbgen: ", "S_MAX", "'two' is not an int")),
        usage("generate: S_MAX of 99999999999999999999",
            t -> args("generate", "99999999999999999999", "3"),
            t -> List.of("S_MAX", "'99999999999999999999' is not an int")),
        usage("generate: ETA of zero",
            t -> args("generate", "2", "0", "-o", s(t.resolve("out"))),
            t -> List.of("ETA must be >= 2, was 0")),
        usage("generate: an unknown option, with the option it resembles",
            t -> args("generate", "2", "3", "--random-sead", "1"),
            t -> List.of("Unknown option", "'--random-sead'", "--random-seed", "hbgen generate --help")),
        usage("generate: -o given twice",
            t -> args("generate", "0", "2", "-o", s(t.resolve("a")), "-o", s(t.resolve("b"))),
            t -> List.of("'--output-dir'", "should be specified only once")),
        usage("generate: --guaranteed-budget 1e400",
            t -> args("generate", "1", "3", "--guaranteed-budget", "1e400"),
            t -> List.of("--guaranteed-budget must be a finite number >= 0, was Infinity")),
        usage("generate: a negative --retries",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--retries", "-1"),
            t -> List.of("--retries must be >= 0, was -1")),
        usage("generate: zero folds",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "-k", "0"),
            t -> List.of("folds must be >= 1, was 0")),
        usage("generate: --minimize and --maximize together",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--minimize", "--maximize"),
            t -> List.of("--minimize and --maximize exclude each other")),
        usage("generate: an empty -o",
            t -> args("generate", "0", "2", "-o", "", "--trainer", "t"),
            t -> List.of("-o/--output-dir must name a path, was ''")),
        usage("generate: -o under a file (a file where a directory is expected)",
            t -> args("generate", "0", "2", "-o", s(Files.writeString(t.resolve("plain.txt"), "x").resolve("out")), "--trainer", "t"),
            t -> List.of(s(t.resolve("plain.txt/out")), "the parent", s(t.resolve("plain.txt")), "is not a directory")),
        usage("generate: -o naming an existing file",
            t -> args("generate", "0", "2", "-o", s(Files.writeString(t.resolve("out"), "mine")), "--trainer", "t"),
            t -> List.of(s(t.resolve("out")) + ": exists and is not a directory")),
        usage("generate: a non-empty output directory whose name has spaces, quotes and unicode",
            t -> {
              Path out = Files.createDirectories(t.resolve("my \"out\" 'dir' ü"));
              Files.writeString(out.resolve("keep.txt"), "mine");
              return args("generate", "0", "2", "-o", s(out), "--trainer", "t");
            },
            t -> List.of(s(t.resolve("my \"out\" 'dir' ü")) + ": output directory exists and is not empty", "--overwrite")),
        runtime("generate: an output directory in sysfs, where nothing can be created (a runtime failure, exit 1)",
            t -> args("generate", "0", "2", "-o", "/sys/hbgen-catalogue-out", "--trainer", "t"),
            t -> List.of("/sys/hbgen-catalogue-out: cannot write the search: ")),
        usage("generate: --slurm-time of 99999999999999999999 minutes",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--trainer", "t", "--slurm-time", "99999999999999999999"),
            t -> List.of("--slurm-time must be at most 365000 days, was '99999999999999999999'")),
        usage("generate: an unknown --launcher",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--trainer", "t", "--launcher", "qsub"),
            t -> List.of("--launcher must be local, srun, sbatch or bsub, was 'qsub'")),
        usage("generate: --lsf-time in Slurm's HH:MM:SS",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--trainer", "t", "--launcher", "bsub", "--lsf-time", "01:00:00"),
            t -> List.of("--lsf-time must be an LSF run limit [hour:]minute such as 90 or 24:00, was '01:00:00'")),
        usage("generate: --lsf-extra with an unclosed quote",
            t -> args("generate", "0", "2", "-o", s(t.resolve("out")), "--trainer", "t", "--launcher", "bsub", "--lsf-extra", "-m 'a"),
            t -> List.of("--lsf-extra has an unclosed quote: -m 'a")),
        usage("generate: --bracket beyond S_MAX",
            t -> args("generate", "1", "2", "--bracket", "5"),
            t -> List.of("--bracket must be between 0 and S_MAX=1, was 5")),
        usage("generate --from: a manifest written by random",
            t -> {
              Path dir = t.resolve("r");
              assertThat(Cli.run("random", "2", "-o", s(dir), "--trainer", "t", "--random-seed", "1",
                  "--space", s(space(t, SPACE))).code()).isZero();
              return args("generate", "--from", s(dir.resolve("hbgen.yaml")), "-o", s(t.resolve("out")));
            },
            t -> List.of(s(t.resolve("r/hbgen.yaml")), "written by 'hbgen random', not 'hbgen generate'")),
        usage("random: zero configurations",
            t -> args("random", "0", "-o", s(t.resolve("out"))),
            t -> List.of("N must be between 1 and 2000000, was 0")),
        usage("random: a negative number of configurations",
            t -> args("random", "-5", "-o", s(t.resolve("out"))),
            t -> List.of("N must be between 1 and 2000000, was -5")),
        usage("random: --budget NaN",
            t -> args("random", "3", "-o", s(t.resolve("out")), "--budget", "NaN"),
            t -> List.of("--budget must be a positive number, was NaN")),
        usage("random: without -o",
            t -> args("random", "3"),
            t -> List.of("random needs -o DIR")),
        usage("random: extending a Hyperband search (left untouched)",
            t -> args("random", "2", "-o", s(search(t))),
            t -> List.of(s(t.resolve("search")), "is a hyperband search; random can only extend a random search")),
        usage("random: extending with another --budget (left untouched)",
            t -> {
              Path dir = t.resolve("r");
              assertThat(Cli.run("random", "2", "-o", s(dir), "--trainer", "t", "--random-seed", "1",
                  "--space", s(space(t, SPACE))).code()).isZero();
              return args("random", "2", "-o", s(dir), "--budget", "3");
            },
            t -> List.of("--budget 3.0 differs from the search's budget 1.0")),
        usage("random: extending with a config template that fails on a new configuration (left untouched)",
            t -> {
              Path dir = t.resolve("r");
              Path tpl = templates(t, "config.ftl", "${params.beta}\n");
              Path conditional = space(t, "parameters:\n  opt: {choice: [sgd, adam]}\n  beta:\n"
                  + "    - {uniform: [0, 1], when: {opt: adam}}\n");
              Cli.Run first = Cli.run("random", "1", "-o", s(dir), "--trainer", "t", "--random-seed", "1",
                  "--space", s(conditional), "--template-dir", s(tpl));
              assertThat(first.code()).as(first.err()).isZero();
              return args("random", "5", "-o", s(dir));
            },
            t -> List.of(s(t.resolve("r/templates/config.ftl")) + ":1:3: params.beta is missing")),
        usage("generate: more than 100,000 configurations without --yes",
            t -> args("generate", "12", "3", "-o", s(t.resolve("out")), "--trainer", "t", "--space", s(space(t, SPACE))),
            t -> List.of(s(t.resolve("out")), ": 834,008 configurations is more than 100,000: writing them makes 1,668,016 files and directories",
                "on disk in 4 KiB blocks", "running the trials adds about 5,003,748 more", "pass --yes to write them")),
        usage("random: more than 100,000 configurations without --yes",
            t -> args("random", "100001", "-o", s(t.resolve("out")), "--trainer", "t"),
            t -> List.of(s(t.resolve("out")), ": 100,001 configurations is more than 100,000: writing them makes 200,002 files",
                "pass --yes")),
        usage("random: appending more than 100,000 configurations without --yes (left untouched)",
            t -> {
              Path dir = t.resolve("r");
              assertThat(Cli.run("random", "2", "-o", s(dir), "--trainer", "t", "--random-seed", "1",
                  "--space", s(space(t, SPACE))).code()).isZero();
              return args("random", "100001", "-o", s(dir));
            },
            t -> List.of(s(t.resolve("r")), ": 100,001 configurations is more than 100,000", "pass --yes")),
        usage("grid: more than 100,000 trials without --yes",
            t -> args("grid", "-o", s(t.resolve("out")), "--trainer", "t", "--trials", "50001",
                "--space", s(space(t, "parameters:\n  opt: {choice: [sgd, adam]}\n"))),
            t -> List.of(s(t.resolve("out")), ": 100,002 configurations is more than 100,000", "pass --yes")),
        usage("grid: a continuous parameter",
            t -> args("grid", "-o", s(t.resolve("out")), "--trainer", "t", "--space", s(space(t, SPACE))),
            t -> List.of(s(t.resolve("space.yaml")), "grid search needs finite parameters", "lr is continuous")),
        usage("grid: zero trials per point",
            t -> args("grid", "-o", s(t.resolve("out")), "--trials", "0"),
            t -> List.of("--trials must be >= 1, was 0")),
        usage("status: --watch 0",
            t -> args("status", s(search(t)), "--watch", "0"),
            t -> List.of("--watch must be a number of seconds above 0", "was 0.0")),
        usage("status: a negative --top",
            t -> args("status", s(search(t)), "--top", "-1"),
            t -> List.of("--top must be >= 0, was -1")),
        usage("status: --top given twice",
            t -> args("status", s(search(t)), "--top", "1", "--top", "2"),
            t -> List.of("'--top'", "should be specified only once")),
        usage("status: an unknown --grid value",
            t -> args("status", s(search(t)), "--grid", "sometimes"),
            t -> List.of("'--grid'", "expected one of [AUTO, ALL, NONE]", "'sometimes'")),
        usage("run: zero jobs",
            t -> args("run", s(search(t)), "-j", "0"),
            t -> List.of("-j/--jobs must be >= 1, was 0")),
        usage("run: an unknown engine",
            t -> args("run", s(search(t)), "--engine", "make"),
            t -> List.of("--engine must be embedded or snakemake, was 'make'")),
        usage("run: a GPU limit without --gpus",
            t -> args("run", s(search(t)), "--gpu-max-memory", "0.5"),
            t -> List.of("--gpu-max-memory", "need --gpus")),
        usage("results: an unknown --format",
            t -> args("results", s(search(t)), "--format", "xml"),
            t -> List.of("'--format'", "expected one of [CSV, TSV, JSON]", "'xml'")),
        usage("results: an unknown --state",
            t -> args("results", s(search(t)), "--state", "completed,bogus"),
            t -> List.of("--state: ", "bogus")),
        runtime("best: a search where no trial has finished (a runtime answer, exit 1)",
            t -> args("best", s(search(t))),
            t -> List.of(s(t.resolve("search")) + ": no trial has finished yet")),
        usage("best: an unknown --format",
            t -> args("best", s(search(t)), "--format", "yml"),
            t -> List.of("'--format'", "'yml'")),
        usage("report: -o naming a directory",
            t -> args("report", s(search(t)), "-o", s(Files.createDirectories(t.resolve("reports")))),
            t -> List.of(s(t.resolve("reports")) + ": is a directory, expected the report's file name")),
        usage("report: -o under a file",
            t -> args("report", s(search(t)), "-o", s(Files.writeString(t.resolve("plain.txt"), "x").resolve("r.html"))),
            t -> List.of(s(t.resolve("plain.txt/r.html")), s(t.resolve("plain.txt")) + " is a file, expected a directory")),
        usage("prune-checkpoints: a pattern with a slash",
            t -> args("prune-checkpoints", s(search(t)), "--pattern", "../checkpoint*"),
            t -> List.of("--pattern: pattern '../checkpoint*' contains '/'")),
        usage("prune-checkpoints: an empty pattern",
            t -> args("prune-checkpoints", s(search(t)), "--pattern", ""),
            t -> List.of("--pattern: a pattern must not be empty")),
        usage("templates export: into a file (a file where a directory is expected)",
            t -> args("templates", "export", s(Files.writeString(t.resolve("plain.txt"), "x"))),
            t -> List.of(s(t.resolve("plain.txt")) + ": exists and is not a directory")),
        usage("templates export: over an edited template (left untouched)",
            t -> args("templates", "export", s(templates(t, "run.sh.ftl", "# my edits\n"))),
            t -> List.of(s(t.resolve("tpl/run.sh.ftl")) + ": already exists (not overwriting your edits)")),
        usage("templates export: an empty directory name",
            t -> args("templates", "export", ""),
            t -> List.of("templates export needs a directory, was ''")),
        usage("templates export: under a file",
            t -> args("templates", "export", s(Files.writeString(t.resolve("plain.txt"), "x").resolve("tpl"))),
            t -> List.of(s(t.resolve("plain.txt/tpl")) + ": " + s(t.resolve("plain.txt")) + " is a file, expected a directory")),
        usage("templates: an unknown subcommand",
            t -> args("templates", "import", "x"),
            t -> List.of("Unmatched argument", "'import'")),
        usage("demo: zero jobs",
            t -> args("demo", s(t.resolve("demo")), "-j", "0"),
            t -> List.of("-j/--jobs must be >= 1, was 0")),
        usage("demo: into a non-empty directory (left untouched)",
            t -> {
              Path dir = Files.createDirectories(t.resolve("demo"));
              Files.writeString(dir.resolve("notes.txt"), "mine");
              return args("demo", s(dir));
            },
            t -> List.of(s(t.resolve("demo")) + ": output directory exists and is not empty")),
        usage("an unknown subcommand",
            t -> args("frobnicate"),
            t -> List.of("Unmatched argument at index 0: 'frobnicate'")));
  }

  // ---- space files (--space FILE) ----------------------------------------------------------

  static Case spaceCase(String name, String text, String... fragments) {
    return usage("space: " + name, t -> generate(t, space(t, text)),
        t -> Stream.concat(Stream.of(s(t.resolve("space.yaml")) + (fragments[0].startsWith(":") ? "" : ": ")),
            Arrays.stream(fragments)).toList());
  }

  static List<Case> spaceFiles() {
    String laughs = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        + "parameters:\n  x: {choice: *d}\n";
    return List.of(
        spaceCase("an empty file", "", "the file is empty"),
        spaceCase("only a comment", "# nothing here\n", "the file is empty"),
        usage("space: binary junk",
            t -> {
              byte[] junk = new byte[4096];
              new SplittableRandom(20261123).nextBytes(junk);
              junk[0] = (byte) 0xff; // never UTF-8
              return generate(t, space(t, junk));
            },
            t -> List.of(s(t.resolve("space.yaml")) + ":1:1: is not UTF-8 text (byte 0xFF)")),
        usage("space: Latin-1 text (not UTF-8)",
            t -> generate(t, space(t, "parameters:\n  data: {choice: [caf\u00e9]}\n".getBytes(StandardCharsets.ISO_8859_1))),
            t -> List.of(s(t.resolve("space.yaml")) + ":2:22: is not UTF-8 text (byte 0xE9)")),
        spaceCase("a NUL character", "parameters:\n  x: {uniform: [0, 1]}\n\u0000\n",
            ":3:1: invalid YAML: special characters are not allowed (U+0000)"),
        spaceCase("parameters that are a number", "parameters: 5\n", ":1:13: 'parameters' must be a map of parameter names"),
        spaceCase("a distribution that is a string", "parameters:\n  x: uniform\n",
            ":2:6: parameter x must be a map like {uniform: [0, 1]} or a list of cases"),
        spaceCase("uniform bounds that are words", "parameters:\n  x: {uniform: [low, high]}\n",
            ":2:16: parameter x: uniform expects numbers, got 'low'"),
        spaceCase("a bound of 1e400", "parameters:\n  x: {uniform: [0, 1e400]}\n",
            ":2:7: parameter x: uniform high must be a finite number, was Infinity"),
        spaceCase("a uniform span beyond the largest double", "parameters:\n  x: {uniform: [-1e308, 1e308]}\n",
            ":2:7: parameter x: uniform needs high - low to be a finite number"),
        spaceCase("an int bound of 99999999999999999999", "parameters:\n  x: {int: [0, 99999999999999999999]}\n",
            ":2:12: parameter x: int expects integers between -9223372036854775808 and 9223372036854775807, got 99999999999999999999"),
        spaceCase("an int range over all 64-bit integers", "parameters:\n  x: {int: [-9223372036854775808, 9223372036854775807]}\n",
            ":2:7: parameter x: int range [-9223372036854775808, 9223372036854775807] with step 1 has too many values"),
        spaceCase("a range over all 64-bit integers", "parameters:\n  x: {range: [-9223372036854775808, 9223372036854775807]}\n",
            ":2:7: parameter x: range(-9223372036854775808, 9223372036854775807, 1) has too many values"),
        spaceCase("a geomspace num beyond 32 bits", "parameters:\n  x: {geomspace: [1, 10], num: 4294967297}\n",
            ":2:32: parameter x: geomspace num must be between 1 and 1000000, was 4294967297"),
        spaceCase("a normal sd of 1e308", "parameters:\n  x: {normal: {mean: 0, sd: 1.0e308}}\n",
            ":2:7: parameter x: normal sd must be > 0 and at most 1.0E300"),
        spaceCase("a duplicate key", "parameters:\n  x: {uniform: [0, 1]}\n  x: {choice: [a]}\n", ":3:3: duplicate key 'x'"),
        spaceCase("a name both a parameter and fixed", "parameters:\n  x: {uniform: [0, 1]}\nfixed:\n  x: 1\n",
            ":4:3: x is both a parameter and a fixed value"),
        spaceCase("a dotted name that clashes", "parameters:\n  x: {uniform: [0, 1]}\nfixed:\n  model.layers: 2\n  model: big\n",
            ":5:3: 'model' clashes with another name that nests under it"),
        spaceCase("a billion laughs", laughs, ":4:16: invalid YAML: Number of aliases for non-scalar nodes exceeds the specified max=20"),
        spaceCase("a list that contains itself", "parameters:\n  x: {choice: &a [1, *a]}\n",
            ":2:15: invalid YAML: an alias refers to a collection that contains it"),
        spaceCase("10,000 levels of nesting", "parameters:\n  x: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n",
            ":2:", "invalid YAML: Nesting Depth exceeded max 50"),
        spaceCase("unicode names and an unknown distribution", "parameters:\n  größe: {gauß: [0, 1]}\n",
            ":2:11: parameter größe: unknown distribution 'gauß' (expected one of choice,"),
        spaceCase("a unicode fixed name without a value", "fixed:\n  ключ:\nparameters:\n  x: {uniform: [0, 1]}\n",
            ":2:8: fixed.ключ has no value"),
        spaceCase("a Python object tag", "parameters:\n  x: !!python/object:os.system [id]\n",
            ":2:6: invalid YAML: Global tag is not allowed"),
        spaceCase("a value its tag forbids", "parameters:\n  x: {uniform: [!!int zero, 1]}\n",
            ":2:17: invalid YAML: 'zero' is not a valid !!int"),
        spaceCase("a list tagged as a map", "parameters:\n  x: {choice: !!map [a, b]}\n",
            ":2:15: invalid YAML: a list cannot be a !!map"),
        spaceCase("a slurm setting that is a map", "parameters:\n  x: {uniform: [0, 1]}\nslurm:\n  mem: {size: 4G}\n",
            ":4:8: slurm.mem must be a plain value such as 4G or 01:00:00"),
        spaceCase("a slurm cpus of zero", "parameters:\n  x: {uniform: [0, 1]}\nslurm:\n  cpus: 0\n",
            "slurm.cpus must be >= 1, was 0"),
        spaceCase("an lsf queue with shell text", "parameters:\n  x: {uniform: [0, 1]}\nlsf:\n  queue: \"gpu; rm -rf x\"\n",
            "lsf.queue must be a plain LSF name (letters, digits, _ . : + @ / -), was 'gpu; rm -rf x'"),
        spaceCase("two documents", "parameters:\n  x: {uniform: [0, 1]}\n---\nparameters: {}\n",
            ":3:1: invalid YAML: but found another document"),
        usage("space: too small for the plan",
            t -> concat(args("generate", "1", "2", "-o", s(t.resolve("out")), "--trainer", "t", "--space"),
                s(space(t, "parameters:\n  x: {choice: [a, b]}\n"))),
            t -> List.of(s(t.resolve("space.yaml")) + ": the search space has only 2 distinct points but the plan needs 4")),
        usage("space: a path with spaces, quotes and unicode",
            t -> {
              Path dir = Files.createDirectories(t.resolve("my 'späce' \"dir\""));
              return generate(t, Files.writeString(dir.resolve("s p.yaml"), "parameters:\n  x: {uniform: [1]}\n"));
            },
            t -> List.of(s(t.resolve("my 'späce' \"dir\"/s p.yaml")) + ":2:16: parameter x: uniform needs a list [low, high]")),
        usage("space: a directory where the file is expected",
            t -> generate(t, Files.createDirectories(t.resolve("space.yaml"))),
            t -> List.of(s(t.resolve("space.yaml")) + ": is a directory, expected a YAML file")),
        usage("space: a file under a file",
            t -> generate(t, Files.writeString(t.resolve("plain.txt"), "x").resolve("space.yaml")),
            t -> List.of(s(t.resolve("plain.txt/space.yaml")) + ": cannot read: Not a directory")),
        usage("space: a missing file",
            t -> generate(t, t.resolve("nope.yaml")),
            t -> List.of(s(t.resolve("nope.yaml")) + ": no such file")),
        usage("space: an endless device",
            t -> generate(t, Path.of("/dev/zero")),
            t -> List.of("/dev/zero: is larger than 40 MiB")));
  }

  // ---- template directories (--template-dir) -----------------------------------------------

  static List<Case> templateDirs() {
    return List.of(
        usage("templates: a syntax error in run.sh.ftl",
            t -> generate(t, space(t, SPACE), "--template-dir", s(templates(t, "run.sh.ftl", "#!/bin/bash\n<#if x>\n"))),
            t -> List.of(s(t.resolve("tpl/run.sh.ftl")) + ":", "Unexpected end of file")),
        usage("templates: a missing variable in the Snakefile",
            t -> generate(t, space(t, SPACE), "--template-dir", s(templates(t, "Snakefile.ftl", "rule all:\n  input: ${nothing}\n"))),
            t -> List.of(s(t.resolve("tpl/Snakefile.ftl")) + ":2:12: nothing is missing (null or not defined in the model)")),
        usage("templates: a config template that is not UTF-8",
            t -> {
              Path dir = Files.createDirectories(t.resolve("tpl"));
              Files.write(dir.resolve("config.ftl"), "{\"seed\": ${seed}, \"caf\u00e9\": 1}\n".getBytes(StandardCharsets.ISO_8859_1));
              return generate(t, space(t, SPACE), "--template-dir", s(dir));
            },
            t -> List.of(s(t.resolve("tpl/config.ftl")) + ":1:23: is not UTF-8 text (byte 0xE9)")),
        usage("templates: a directory named like a template",
            t -> {
              Path dir = Files.createDirectories(t.resolve("tpl/config.ftl"));
              return generate(t, space(t, SPACE), "--template-dir", s(dir.getParent()));
            },
            t -> List.of(s(t.resolve("tpl/config.ftl")) + ": is a directory, expected a template file")),
        usage("templates: an include of a symbolic link that points outside",
            t -> {
              Files.writeString(t.resolve("outside.ftl"), "secret\n");
              Path dir = templates(t, "run.sh.ftl", "#!/bin/bash\n<#include \"inner.ftl\">\n");
              Files.createSymbolicLink(dir.resolve("inner.ftl"), Path.of("../outside.ftl"));
              return generate(t, space(t, SPACE), "--template-dir", s(dir));
            },
            t -> List.of(s(t.resolve("tpl/run.sh.ftl")) + ": cannot render: ", "outside.ftl", "doesn't start with")),
        usage("templates: --template-dir naming a file",
            t -> generate(t, space(t, SPACE), "--template-dir", s(Files.writeString(t.resolve("plain.txt"), "x"))),
            t -> List.of(s(t.resolve("plain.txt")) + ": --template-dir is not a directory")),
        usage("templates: --template-dir missing",
            t -> generate(t, space(t, SPACE), "--template-dir", s(t.resolve("nope"))),
            t -> List.of(s(t.resolve("nope")) + ": --template-dir is not a directory")));
  }

  // ---- manifests (hbgen.yaml of an existing search) ----------------------------------------

  static Case manifestCase(String name, UnaryOperator<String> edit, String... fragments) {
    return usage("manifest: " + name, t -> args("status", s(searchWithManifest(t, edit))),
        t -> Stream.concat(Stream.of(s(manifest(t)) + (fragments[0].startsWith(":") ? "" : ": ")),
            Arrays.stream(fragments)).toList());
  }

  static String plan(String manifest, String replacement) {
    return manifest.replaceFirst("(?s)\nplan:\n.*?\n(?=resume_from_parent)", "\n" + replacement);
  }

  static List<Case> manifests() {
    return List.of(
        manifestCase("empty", m -> "", "the file is empty"),
        manifestCase("truncated in the middle of a key", m -> m.substring(0, m.indexOf("guaranteed_budget") + 8),
            ":", "invalid YAML: could not find expected ':'"),
        usage("manifest: binary junk",
            t -> {
              Path dir = search(t);
              byte[] junk = new byte[2048];
              new SplittableRandom(7).nextBytes(junk);
              junk[0] = (byte) 0xc3; // a UTF-8 lead byte followed by junk
              junk[1] = (byte) 0x28;
              Files.write(dir.resolve("hbgen.yaml"), junk);
              return args("results", s(dir));
            },
            t -> List.of(s(manifest(t)) + ":1:1: is not UTF-8 text (byte 0xC3)")),
        manifestCase("a list at the top", m -> "- plan\n- seed\n", ":1:1: expected a map at the top level"),
        manifestCase("a plan that is a number", m -> plan(m, "plan: 5\n"), ":", "plan must be a map, was '5'"),
        manifestCase("configs that are a word", m -> m.replaceFirst("configs: 2", "configs: two"),
            ":", "plan.brackets[0].stages[0].configs must be a whole number from 1 to 4000000, was 'two'"),
        manifestCase("configs of 99999999999999999999", m -> m.replaceFirst("configs: 2", "configs: 99999999999999999999"),
            ":", "plan.brackets[0].stages[0].configs must be a whole number", "was '99999999999999999999'"),
        manifestCase("configs whose tag forbids them", m -> m.replaceFirst("configs: 2", "configs: !!int 0x"),
            ":", "invalid YAML: '0x' is not a valid !!int"),
        manifestCase("a budget of 1e400", m -> m.replaceFirst("budget: '1'", "budget: 1e400"),
            ":", "plan.brackets[0].stages[0].budget must be a number", "was '1e400'"),
        manifestCase("a missing plan", m -> plan(m, ""), ":2:1: plan is missing"),
        manifestCase("a missing direction", m -> m.replaceFirst("direction: minimize\n", ""), ":", "direction is missing"),
        manifestCase("a direction that is neither", m -> m.replaceFirst("direction: minimize", "direction: sideways"),
            ":", "direction must be minimize or maximize, was 'sideways'"),
        manifestCase("a bracket listed twice", m -> m.replaceFirst("- bracket: 1", "- bracket: 0"),
            ":", "plan.brackets[1]: bracket 0 appears twice"),
        manifestCase("a future format", m -> plan(m.replaceFirst("hbgen_version: \\S+", "hbgen_version: 99.0.0"),
                "plan:\n  format: 2\n  rungs: [[2, 1], [2]]\n"),
            ":", "plan.s_max is missing", "written by hbgen 99.0.0, newer than this hbgen", "use hbgen 99.0.0 or later"),
        manifestCase("a seed that contains itself", m -> m.replaceFirst("seed: 3", "seed: &s [*s]"),
            ":", "invalid YAML: an alias refers to a collection that contains it"),
        usage("manifest: --from one without a seed",
            t -> args("generate", "--from", s(searchWithManifest(t, m -> m.replaceFirst("\nseed: 3\n", "\n")).resolve("hbgen.yaml")),
                "-o", s(t.resolve("again"))),
            t -> List.of(s(manifest(t)) + ":2:1: seed is missing")),
        usage("manifest: --from one whose command is a number",
            t -> args("generate", "--from", s(searchWithManifest(t, m -> m.replaceFirst("(?s)command:\n(  - [^\n]*\n)+", "command: 5\n"))
                .resolve("hbgen.yaml")), "-o", s(t.resolve("again"))),
            t -> List.of(s(manifest(t)) + ":", "command must be a list of plain values, was '5'")),
        usage("manifest: Latin-1 text",
            t -> {
              Path dir = search(t);
              Path m = dir.resolve("hbgen.yaml");
              Files.write(m, Files.readString(m).replace("command: t\n", "command: t\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
              return args("best", s(dir));
            },
            t -> List.of(s(manifest(t)) + ":", "is not UTF-8 text (byte 0xE9)")));
  }

  // ---- search directories --------------------------------------------------------------------

  static List<Case> searchDirs() {
    return List.of(
        usage("search dir: an empty directory",
            t -> args("status", s(Files.createDirectories(t.resolve("empty")))),
            t -> List.of(s(t.resolve("empty")) + ": not an hbgen search (no hbgen.yaml")),
        usage("search dir: an empty path",
            t -> args("status", ""),
            t -> List.of("the search directory must be a path, was ''")),
        usage("search dir: missing",
            t -> args("results", s(t.resolve("nope"))),
            t -> List.of(s(t.resolve("nope")) + ": no such search directory")),
        usage("search dir: a file where the directory is expected",
            t -> args("report", s(Files.writeString(t.resolve("plain.txt"), "x"))),
            t -> List.of(s(t.resolve("plain.txt")) + ": is a file, expected a search directory")),
        usage("search dir: hbgen.yaml that is a directory",
            t -> {
              Path dir = search(t);
              Files.delete(dir.resolve("hbgen.yaml"));
              Files.createDirectory(dir.resolve("hbgen.yaml"));
              return args("prune-checkpoints", s(dir));
            },
            t -> List.of(s(manifest(t)) + ": is a directory, expected the search's manifest file")),
        usage("search dir: hbgen.yaml that is a dangling symbolic link",
            t -> {
              Path dir = search(t);
              Files.delete(dir.resolve("hbgen.yaml"));
              Files.createSymbolicLink(dir.resolve("hbgen.yaml"), Path.of("gone.yaml"));
              return args("run", s(dir));
            },
            t -> List.of(s(manifest(t)) + ": is a symbolic link to nothing")),
        usage("search dir: run.sh missing",
            t -> {
              Path dir = search(t);
              Files.delete(dir.resolve("run.sh"));
              return args("run", s(dir), "-j", "1");
            },
            t -> List.of(s(t.resolve("search/run.sh")) + ": missing, the search is incomplete",
                "hbgen generate --from " + s(manifest(t)))),
        // An unreadable results.tsv, result or trial directory is not an error but part of a trial's state:
        // every command reports it alike (hbgen.cli.OddFilesAgreementTest).
        usage("search dir: a path with spaces, quotes and unicode that is not a search",
            t -> args("best", s(Files.createDirectories(t.resolve("it's \"my\" séarch")))),
            t -> List.of(s(t.resolve("it's \"my\" séarch")) + ": not an hbgen search")));
  }
}
