package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Thousands of seeded random invocations ({@link RandomInputs}: random space files, mutated bytes,
 * random argument lists for generate, random and grid, and the reading subcommands on mutated
 * manifests). Whatever the input, hbgen exits 0, 1 or 2 within the time limit; a failure is
 * exactly one line {@code hbgen: ...} with no stack trace and leaves the case's directory as it
 * was (no output directory, no staging directory, no temporary file); a success that writes a
 * search leaves a complete one (a manifest that opens, the Snakefile, run.sh and every stage-0
 * configuration). A failing case is replayed on its own by its index.
 */
class RandomInputTest {
  static final long SEED = 20_261_123L;
  static final int CASES = 3_000;

  @TempDir static Path fixtures;

  /** The manifest of a small valid search, which reader cases mutate. */
  static String validManifest;

  @TempDir Path tmp;

  @BeforeAll
  static void writeFixtureSearch() throws IOException {
    Path space = Files.writeString(fixtures.resolve("space.yaml"),
        "parameters:\n  lr: {loguniform: [1.0e-5, 1.0e-1]}\n  opt: {choice: [sgd, adam]}\n");
    Cli.Run r = Cli.run("generate", "1", "2", "-o", fixtures.resolve(RandomInputs.SEARCH).toString(), "--trainer", "t",
        "--random-seed", "3", "--space", space.toString());
    assertThat(r.code()).as(r.err()).isZero();
    validManifest = Files.readString(fixtures.resolve(RandomInputs.SEARCH).resolve("hbgen.yaml"));
  }

  static IntStream indices() {
    return IntStream.range(0, CASES);
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("indices")
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anyInputEndsInACompleteSearchOrOneCleanLine(int index) throws IOException {
    RandomInputs.Invocation inv = RandomInputs.of(SEED, index, validManifest);
    prepare(inv);
    String[] args = inv.args().stream().map(a -> a.replace(RandomInputs.DIR, tmp.toString())).toArray(String[]::new);
    Tree before = Tree.of(tmp);

    Cli.Run r = Cli.run(args);

    String about = inv + " " + List.of(args) + "\nstderr: " + r.err();
    assertThat(r.code()).as(about).isIn(0, 1, 2);
    assertThat(leftovers(tmp)).as("no staging directory or temporary file: %s", about).isEmpty();
    if (r.code() != 0) {
      CleanFailure.line(r);
      assertThat(Tree.of(tmp)).as("a failure changes nothing: %s", about).isEqualTo(before);
      return;
    }
    Path output = output(args);
    if (inv.writes() && output != null) {
      assertComplete(output, about);
    } else if (!args[0].equals("report")) {
      assertThat(Tree.of(tmp)).as("a reading command changes nothing: %s", about).isEqualTo(before);
    }
  }

  private void prepare(RandomInputs.Invocation inv) throws IOException {
    if (inv.manifest() != null) {
      Path from = fixtures.resolve(RandomInputs.SEARCH);
      Path to = tmp.resolve(RandomInputs.SEARCH);
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : walk.toList()) {
          Files.copy(p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
      if (inv.manifest().length > 0) {
        Files.write(to.resolve("hbgen.yaml"), inv.manifest());
      }
    }
    for (Map.Entry<String, byte[]> f : inv.files().entrySet()) {
      Path p = tmp.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
  }

  /** The last -o of a command line, or null. */
  private static Path output(String[] args) {
    Path out = null;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-o") || args[i].equals("--output-dir")) {
        out = Path.of(args[i + 1]);
      }
    }
    return out;
  }

  /** Hidden staging directories and temporary files anywhere below {@code root}. */
  private static List<Path> leftovers(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(".hbgen-") || name.matches(".*\\.tmp.*");
      }).toList();
    }
  }

  private static void assertComplete(Path search, String about) throws IOException {
    assertThat(search.resolve("hbgen.yaml")).as(about).isRegularFile();
    assertThat(search.resolve("Snakefile")).as(about).isRegularFile();
    assertThat(search.resolve("run.sh")).as(about).isRegularFile();
    SearchDir dir = SearchDir.open(search);
    for (TrialId id : dir.trials()) {
      if (id.stage() == 0) {
        Path config = dir.dir(id).resolve("config");
        assertThat(config).as("%s of %s", id.path(), about).isRegularFile();
        assertThat(Files.readString(config, StandardCharsets.UTF_8)).as(about).isNotBlank();
      }
    }
  }
}
