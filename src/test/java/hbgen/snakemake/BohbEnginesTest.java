package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, done-when 2 to 4: a {@code --sampler bohb} search under {@code hbgen run} and under real
 * Snakemake writes the same bytes (configurations, proposals, promotions, best); deleting a
 * proposal's outputs and running again writes them again, byte for byte; {@code extend} keeps
 * every earlier file and the engine runs only the new trials, whose proposals see every earlier
 * result.
 */
@Tag("engine")
class BohbEnginesTest {
  /**
   * A smooth function of the space's parameters (src/test/resources/spaces/small.yaml) that gets
   * better with budget, with a deterministic wobble from the seed; the loss is lowest near lr 1e-3,
   * width 64 and adam.
   */
  static final String TRAINER = """
      import json, math, os, sys
      with open(sys.argv[1], encoding="utf-8") as f:
          c = json.load(f)
      budget = float(sys.argv[2])
      with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "calls"), "a") as f:
          f.write("start " + os.environ["HB_DIR"] + "\\n")
      loss = (math.log10(c["lr"]) + 3) ** 2 / 4 + ((c["width"] - 64) / 64) ** 2 + (0.3 if c["opt"] == "sgd" else 0)
      loss += c.get("beta", 0) / 10 + 1 / budget + (int(os.environ["HB_SEED"]) % 97) / 970
      with open(os.environ["HB_RESULT"], "w") as f:
          f.write("loss: %r\\n" % loss)
      """;

  @TempDir Path tmp;

  String trainer() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("trainer"));
    Files.writeString(dir.resolve("train.py"), TRAINER);
    return "python3 " + dir.resolve("train.py").toAbsolutePath();
  }

  Path generate(String name, String trainer, String... plan) {
    List<String> args = new java.util.ArrayList<>(List.of(plan));
    args.addAll(List.of("--sampler", "bohb", "--space", "src/test/resources/spaces/small.yaml",
        "--objective", "loss", "--trainer", trainer));
    return TestSearch.generate(tmp.resolve(name), args.toArray(String[]::new));
  }

  static Engines.Result snakemake(Path root) throws Exception {
    return Engines.exec(root, 1200, "snakemake", "--snakefile", root.resolve("Snakefile").toString(), "-j", "2");
  }

  /** Every file hbgen writes that the rule decides, by path: configurations, proposals, promotions, results, best. */
  static Map<String, String> decided(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        String rel = root.relativize(f).toString();
        if (rel.startsWith("bracket-") && (name.equals("config") || name.equals("promoted-from")
            || name.equals("result") || name.startsWith("proposal-") && name.endsWith(".yaml")
            || name.equals("promotion.yaml")) || rel.equals("best.yaml") || rel.equals("config")) {
          out.put(rel, Files.readString(f));
        }
      }
    }
    return out;
  }

  /** The paths whose bytes differ, are missing or are extra: empty when both hold the same files. */
  static java.util.List<String> differences(Map<String, String> actual, Map<String, String> expected) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String k : new java.util.TreeSet<>(expected.keySet())) {
      if (!actual.containsKey(k)) {
        out.add("missing " + k);
      } else if (!actual.get(k).equals(expected.get(k))) {
        out.add("differs " + k + ":\n" + actual.get(k) + "\n--- expected:\n" + expected.get(k));
      }
    }
    actual.keySet().stream().filter(k -> !expected.containsKey(k)).sorted().forEach(k -> out.add("extra " + k));
    return out.size() > 5 ? out.subList(0, 5) : out;
  }

  @Test
  void bothEnginesWriteTheSameBytes() throws Exception {
    Engines.require("snakemake");
    String trainer = trainer();
    Path embedded = generate("embedded", trainer, "4", "3", "--iterations", "3", "--batch", "8");
    Path snakemake = generate("snakemake", trainer, "4", "3", "--iterations", "3", "--batch", "8");

    Engines.Result dry = Engines.exec(snakemake, 300, "snakemake", "--snakefile",
        snakemake.resolve("Snakefile").toString(), "-n");
    assertThat(dry.code()).as(dry.output()).isZero();
    assertThat(dry.output()).containsPattern("(?m)^propose\\s+" + SearchDir.open(snakemake).batches().all().size() + "\\b");

    Cli.Run run = Cli.run("run", embedded.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Engines.Result sm = snakemake(snakemake);
    assertThat(sm.code()).as(sm.output()).isZero();

    Map<String, String> files = decided(embedded);
    assertThat(differences(decided(snakemake), files)).as("the files both engines wrote").isEmpty();
    assertThat(files.keySet().stream().filter(k -> k.endsWith("/config") && k.contains("/stage-0/")))
        .hasSize((int) SearchDir.open(embedded).plan().sampledConfigs());
    assertThat(files.get("best.yaml")).contains("found: true");
    String proposals = files.entrySet().stream().filter(e -> e.getKey().contains("proposal-"))
        .map(Map.Entry::getValue).collect(Collectors.joining());
    assertThat(proposals).as("some proposals come from a model").contains("from: model").contains("from: prior")
        .containsPattern("model_budget: (9|27|81)\\n");

  }

  /** Deleting a proposal's outputs (its record and its configurations) of a finished search: both engines write them again. */
  @Test
  void aProposalDeletedIsWrittenAgainByteForByteByEitherEngine() throws Exception {
    Engines.require("snakemake");
    String trainer = trainer();
    Path embedded = generate("embedded", trainer, "2", "3", "--iterations", "3", "--batch", "4");
    Path snakemake = generate("snakemake", trainer, "2", "3", "--iterations", "3", "--batch", "4");
    assertThat(Cli.run("run", embedded.toString(), "-j", "2").code()).isZero();
    Engines.Result sm = snakemake(snakemake);
    assertThat(sm.code()).as(sm.output()).isZero();
    Map<String, String> files = decided(embedded);
    assertThat(differences(decided(snakemake), files)).as("the files both engines wrote").isEmpty();
    assertThat(files.get("bracket-6/stage-0/proposal-1.yaml")).contains("from: model");

    for (Path root : List.of(embedded, snakemake)) {
      Files.delete(root.resolve("bracket-6/stage-0/proposal-1.yaml"));
      for (int c = 4; c < 8; c++) {
        Files.delete(root.resolve("bracket-6/stage-0/config-" + c + "/config"));
      }
    }
    Cli.Run run = Cli.run("run", embedded.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Engines.Result again = snakemake(snakemake);
    assertThat(again.code()).as(again.output()).isZero();
    assertThat(again.output()).contains("propose");
    assertThat(differences(decided(embedded), files)).as("hbgen run, after a proposal was deleted").isEmpty();
    assertThat(differences(decided(snakemake), files)).as("Snakemake, after a proposal was deleted").isEmpty();
  }

  @Test
  void extendKeepsEveryEarlierFileAndRunsOnlyTheNewTrialsWhoseProposalsSeeEveryEarlierResult() throws Exception {
    Engines.require("snakemake");
    String trainer = trainer();
    Path root = generate("s", trainer, "2", "3");
    Engines.Result first = snakemake(root);
    assertThat(first.code()).as(first.output()).isZero();
    Map<String, String> before = everyFile(root);
    Map<String, Integer> calls = TestSearch.count(tmp.resolve("trainer/calls"), "start ");
    String ledger = Files.readString(root.resolve("results.tsv"));
    long earlierTrials = SearchDir.open(root).plan().trials();

    Cli.Run extend = Cli.run("extend", root.toString(), "--iterations", "1");
    assertThat(extend.code()).as(extend.err()).isZero();
    assertThat(extend.out()).contains("proposed in batches of 8 from every earlier result");
    Map<String, String> after = everyFile(root);
    assertThat(before.keySet()).filteredOn(p -> p.startsWith("bracket-")).hasSizeGreaterThan(100);
    before.forEach((path, text) -> {
      if (path.startsWith("bracket-") || path.equals("results.tsv")) {
        assertThat(after.get(path)).as(path).isEqualTo(text);
      }
    });

    Cli.Run run = Cli.run("run", root.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Map<String, Integer> now = TestSearch.count(tmp.resolve("trainer/calls"), "start ");
    SearchDir search = SearchDir.open(root);
    Set<String> newTrials = search.trials().stream().filter(id -> id.bracket() >= 3)
        .map(id -> root.resolve(id.path()).toAbsolutePath().normalize().toString()).collect(Collectors.toSet());
    Map<String, Integer> added = new TreeMap<>(now);
    calls.forEach((trial, n) -> {
      assertThat(now.get(trial)).as(trial).isEqualTo(n);
      added.remove(trial);
    });
    assertThat(added.keySet()).isNotEmpty().isSubsetOf(newTrials);
    assertThat(Files.readString(root.resolve("results.tsv"))).startsWith(ledger).isNotEqualTo(ledger);
    assertThat(Files.readString(root.resolve("bracket-3/stage-0/proposal-0.yaml")))
        .as("the first new batch sees every earlier trial").contains("seen_trials: " + earlierTrials + "\n");
    for (TrialId id : search.trials()) {
      assertThat(Files.exists(root.resolve(id.path()).resolve("result"))).as(id.path()).isTrue();
    }
  }

  static Map<String, String> everyFile(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(f).toString();
        if (!rel.startsWith(".snakemake") && !rel.endsWith(".lock")) {
          out.put(rel, new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
    }
    return out;
  }
}
