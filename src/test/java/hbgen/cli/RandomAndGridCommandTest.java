package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomAndGridCommandTest {
  static final String SPACE = "src/test/resources/spaces/small.yaml";
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  @Nested
  class Random {
    @Test
    void aSecondCallAppendsAndLeavesTheFirstConfigurationsUnchanged() throws IOException {
      Path dir = tmp.resolve("r");
      ok("random", "20", "-o", dir.toString(), "--budget", "3", "--random-seed", "8", "--space", SPACE, "--trainer", "t");
      Map<String, byte[]> first = GenerateCommandTest.tree(dir.resolve("bracket-0"));
      Files.writeString(dir.resolve("bracket-0/stage-0/config-3/result"), "0.5\n");
      Cli.Run second = ok("random", "20", "-o", dir.toString());
      assertThat(second.out()).contains("Added 20 configurations", "40 in all");
      Map<String, byte[]> after = GenerateCommandTest.tree(dir.resolve("bracket-0"));
      assertThat(after.keySet()).filteredOn(f -> f.endsWith("/config")).hasSize(40);
      for (Map.Entry<String, byte[]> e : first.entrySet()) {
        assertThat(after.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
      }
      assertThat(Files.readString(dir.resolve("bracket-0/stage-0/config-3/result"))).isEqualTo("0.5\n");
      assertThat(Files.readString(dir.resolve("Snakefile"))).contains("0: [(40, \"3\")],");
      Set<String> distinct = new HashSet<>();
      for (int k = 0; k < 40; k++) {
        distinct.add(Files.readString(dir.resolve("bracket-0/stage-0/config-" + k + "/config")).replaceAll("\"seed\": \\d+", ""));
      }
      assertThat(distinct).hasSize(40);
    }

    @Test
    void appendingRefusesAConflictingBudgetOrAnotherKindOfSearch() throws IOException {
      Path dir = tmp.resolve("r");
      ok("random", "2", "-o", dir.toString(), "--budget", "3", "--space", SPACE, "--trainer", "t");
      Cli.Run r = Cli.run("random", "2", "-o", dir.toString(), "--budget", "4");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: --budget 4.0 differs from the search's budget 3.0\n");
      Path hb = tmp.resolve("hb");
      ok("generate", "1", "2", "-o", hb.toString(), "--space", SPACE, "--trainer", "t");
      Cli.Run other = Cli.run("random", "2", "-o", hb.toString());
      assertThat(other.code()).isEqualTo(2);
      assertThat(other.err()).contains("is a hyperband search");
    }

    @Test
    @Tag("engine")
    void snakemakeRunsOnlyTheNewTrialsAfterAnAppend() throws Exception {
      Engines.require("snakemake");
      Path dir = tmp.resolve("r");
      ok("random", "20", "-o", dir.toString(), "--budget", "2", "--random-seed", "3", "--space", SPACE,
          "--trainer", "python3 " + FAKE, "--objective", "loss");
      Engines.Result first = Engines.exec(tmp, 600, "snakemake", "--snakefile", dir.resolve("Snakefile").toString(), "-j", "2");
      assertThat(first.code()).as(first.output()).isZero();
      assertThat(Files.readAllLines(dir.resolve("invocations.log"))).hasSize(20);
      ok("random", "20", "-o", dir.toString());
      Engines.Result second = Engines.exec(tmp, 600, "snakemake", "--snakefile", dir.resolve("Snakefile").toString(), "-j", "2");
      assertThat(second.code()).as(second.output()).isZero();
      List<String> runs = Files.readAllLines(dir.resolve("invocations.log"));
      assertThat(runs).hasSize(40).doesNotHaveDuplicates();
      assertThat(runs.subList(20, 40)).allMatch(p -> Integer.parseInt(p.replaceAll(".*config-", "")) >= 20);
    }
  }

  @Nested
  class Grid {
    @Test
    void theGridIsTheProductOfTheFiniteValuesWithKSeedsPerPoint() throws IOException {
      Path space = tmp.resolve("g.yaml");
      Files.writeString(space, "parameters:\n  a: {choice: [1, 2, 3]}\n  b: {choice: [x, y]}\n");
      Path dir = tmp.resolve("g");
      ok("grid", "-o", dir.toString(), "--trials", "2", "--space", space.toString(), "--trainer", "t", "--random-seed", "1");
      Set<String> points = new HashSet<>();
      Set<String> seeds = new HashSet<>();
      for (int k = 0; k < 12; k++) {
        String c = Files.readString(dir.resolve("bracket-0/stage-0/config-" + k + "/config"));
        points.add(c.replaceAll("\"seed\": \\d+", ""));
        seeds.add(c.replaceAll("(?s).*\"seed\": (\\d+).*", "$1"));
      }
      assertThat(dir.resolve("bracket-0/stage-0/config-12")).doesNotExist();
      assertThat(points).hasSize(6);
      assertThat(seeds).hasSize(12);
    }

    @Test
    void aContinuousParameterIsRejectedByName() throws IOException {
      Path space = tmp.resolve("g.yaml");
      Files.writeString(space, "parameters:\n  a: {choice: [1, 2]}\n  lr: {loguniform: [1.0e-4, 1.0]}\n");
      Cli.Run r = Cli.run("grid", "-o", tmp.resolve("g").toString(), "--space", space.toString(), "--trainer", "t");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: " + space + ": grid search needs finite parameters (choice, value, range, geomspace, int); lr is continuous\n");
      assertThat(tmp.resolve("g")).doesNotExist();
    }
  }

  @Nested
  class FromManifest {
    void sameTree(Path a, Path b) throws IOException {
      Map<String, byte[]> x = GenerateCommandTest.tree(a);
      Map<String, byte[]> y = GenerateCommandTest.tree(b);
      assertThat(y.keySet()).isEqualTo(x.keySet());
      for (String f : x.keySet()) {
        if (f.equals("hbgen.yaml")) {
          assertThat(new String(y.get(f)).replaceAll("(?m)^created: .*$", ""))
              .isEqualTo(new String(x.get(f)).replaceAll("(?m)^created: .*$", ""));
        } else {
          assertThat(y.get(f)).as(f).isEqualTo(x.get(f));
        }
      }
    }

    @Test
    void everyStrategyRegeneratesByteForByteFromItsManifest() throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), "# custom\n${json(config)}\n");
      Path grid = tmp.resolve("g.yaml");
      Files.writeString(grid, "parameters:\n  a: {choice: [1, 2, 3]}\n");
      ok("generate", "2", "3", "-o", tmp.resolve("h").toString(), "--space", SPACE, "--trainer", "python3 t.py",
          "--template-dir", tpl.toString(), "--maximize", "--objective", "acc", "-k", "4");
      ok("random", "7", "-o", tmp.resolve("r").toString(), "--space", SPACE, "--trainer", "t", "--budget", "5");
      ok("random", "3", "-o", tmp.resolve("r").toString());
      ok("grid", "-o", tmp.resolve("g").toString(), "--space", grid.toString(), "--trainer", "t", "--trials", "3");
      Files.writeString(grid, "parameters:\n  a: {choice: [9]}\n"); // the manifest keeps the space's text
      Files.writeString(tpl.resolve("config.ftl"), "changed\n");  // and the search keeps its templates
      for (String[] c : List.of(new String[] {"generate", "h"}, new String[] {"random", "r"}, new String[] {"grid", "g"})) {
        ok(c[0], "--from", tmp.resolve(c[1]).resolve("hbgen.yaml").toString(), "-o", tmp.resolve(c[1] + "2").toString());
        sameTree(tmp.resolve(c[1]), tmp.resolve(c[1] + "2"));
      }
    }
  }

  /** The whole tree under a directory, file by file, as SHA-256 digests (empty when it does not exist). */
  static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    for (Map.Entry<String, byte[]> f : GenerateCommandTest.tree(root).entrySet()) {
      try {
        out.put(f.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(f.getValue())));
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }
    return out;
  }

  /** Appending to a search, or writing it again, with options: the same values pass, others are refused. */
  @Nested
  class OptionsGivenAgain {
    private Path search;
    private Path space;

    @BeforeEach
    void aRandomSearch() throws IOException {
      space = Files.writeString(tmp.resolve("space.yaml"), Files.readString(Path.of(SPACE)));
      Files.createDirectories(tmp.resolve("trainer"));
      search = tmp.resolve("r");
      ok("random", "2", "-o", search.toString(), "--budget", "3", "--space", space.toString(), "--trainer", "t",
          "--random-seed", "5", "--objective", "loss", "--launcher", "srun", "--slurm-mem", "4G");
    }

    /** Runs hbgen and asserts exit 2, exactly {@code message} on one line, and an unchanged search. */
    private void refused(String message, String... args) throws IOException {
      Map<String, String> before = digests(search);
      Cli.Run r = Cli.run(args);
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("hbgen: " + message + "\n");
      assertThat(digests(search)).as("the search's files").isEqualTo(before);
    }

    private String[] append(String... options) {
      List<String> args = new ArrayList<>(List.of("random", "2", "-o", search.toString()));
      args.addAll(List.of(options));
      return args.toArray(String[]::new);
    }

    @Test
    void anotherDirectionObjectiveOrTrainerIsRefusedNamingBothValues() throws IOException {
      refused("--maximize differs from the search's direction minimize", append("--maximize"));
      refused("--objective 'acc' differs from the search's objective 'loss'", append("--objective", "acc"));
      refused("--trainer 'python3 other.py' differs from the search's trainer 't'", append("--trainer", "python3 other.py"));
      refused("--retries 2 differs from the search's retries 0", append("--retries", "2"));
      refused("--random-seed 6 differs from the search's seed 5", append("--random-seed", "6"));
      refused("--budget 4.0 differs from the search's budget 3.0", append("--budget", "4"));
    }

    @Test
    void anotherSpaceIsRefusedByContentNotByName() throws IOException {
      Path other = Files.writeString(tmp.resolve("other.yaml"), "parameters:\n  lr: {uniform: [0, 1]}\n");
      refused("--space " + other + " differs from the search's space " + space + " (as recorded in "
          + search.toAbsolutePath().resolve("hbgen.yaml") + ")", append("--space", other.toString()));
      Path copy = Files.writeString(tmp.resolve("copy.yaml"), Files.readString(space) + "# the same space\n");
      ok(append("--space", copy.toString()));
    }

    @Test
    void anotherTrainerDirTemplateDirOrSlurmSettingIsRefused() throws IOException {
      Path dir = Files.createDirectories(tmp.resolve("elsewhere"));
      refused("--trainer-dir " + dir + " differs from the search's trainer dir " + Path.of("").toAbsolutePath(),
          append("--trainer-dir", dir.toString()));
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), "# mine\n${json(config)}\n");
      refused("--template-dir " + tpl + " differs from the search's templates "
          + search.toAbsolutePath().resolve("templates") + " (config.ftl)", append("--template-dir", tpl.toString()));
      refused("--slurm-mem '8G' differs from the search's slurm mem '4G'", append("--slurm-mem", "8G"));
      refused("--launcher 'sbatch' differs from the search's launcher 'srun'", append("--launcher", "sbatch"));
      refused("--slurm-partition 'gpu' differs from the search's slurm partition (none)", append("--slurm-partition", "gpu"));
      refused("--lsf-queue 'gpu' differs from the search's lsf queue (none)", append("--lsf-queue", "gpu"));
    }

    @Test
    void theSameValuesAreAcceptedAndOptionsLeftOutAreInherited() throws IOException {
      Cli.Run r = ok(append("--minimize", "--objective", "loss", "--trainer", "t", "--space", space.toString(),
          "--budget", "3", "--random-seed", "5", "--retries", "0", "--launcher", "srun", "--slurm-mem", "4G",
          "--trainer-dir", "."));
      assertThat(r.out()).contains("Added 2 configurations to " + search + ": 4 in all (seed 5).");
      ok(append());
      String manifest = Files.readString(search.resolve("hbgen.yaml"));
      assertThat(manifest).contains("  - '6'\n  - -o\n", "objective: loss", "mem: 4G", "kind: srun");
    }

    @Test
    void writingASearchAgainRefusesOtherValuesToo() throws IOException {
      Path grid = Files.writeString(tmp.resolve("g.yaml"), "parameters:\n  a: {choice: [1, 2, 3]}\n");
      ok("grid", "-o", tmp.resolve("g").toString(), "--space", grid.toString(), "--trainer", "t", "--trials", "2");
      Path again = tmp.resolve("g2");
      String manifest = tmp.resolve("g/hbgen.yaml").toString();
      for (String[] args : List.of(
          new String[] {"--trainer", "u"}, new String[] {"--trials", "3"}, new String[] {"--maximize"})) {
        List<String> all = new ArrayList<>(List.of("grid", "--from", manifest, "-o", again.toString()));
        all.addAll(List.of(args));
        Cli.Run r = Cli.run(all.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("hbgen: " + args[0] + " ").contains(" differs from the search's ").hasLineCount(1);
        assertThat(again).doesNotExist();
      }
      ok("grid", "--from", manifest, "-o", again.toString(), "--trainer", "t", "--trials", "2");
      Cli.Run generate = Cli.run("generate", "--from", search.resolve("hbgen.yaml").toString(), "-o", again.toString() + "x");
      assertThat(generate.code()).isEqualTo(2);
      assertThat(generate.err()).isEqualTo("hbgen: " + search.resolve("hbgen.yaml") + ": the search was written by "
          + "'hbgen random', not 'hbgen generate': write it again with 'hbgen random --from "
          + search.resolve("hbgen.yaml") + " -o DIR'\n");
    }
  }
}
