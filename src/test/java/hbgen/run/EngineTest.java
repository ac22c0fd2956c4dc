package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine run in process on searches with the deterministic fake trainer. */
class EngineTest {
  @TempDir Path tmp;
  private Path root;
  private Path calls;

  @BeforeEach
  void search() throws IOException {
    String trainer = TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC);
    calls = tmp.resolve("trainer/calls");
    root = TestSearch.generate(tmp.resolve("a"), "2", "3", "--objective", "accuracy", "--maximize", "--trainer", trainer);
  }

  private Path realRoot() {
    try {
      return root.toRealPath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Trials that have a configuration, i.e. that call the trainer (unfilled slots are skipped without it). */
  private List<String> trialsWithConfig() {
    List<String> out = new ArrayList<>();
    for (TrialId id : SearchDir.open(root).trials()) {
      if (Files.exists(root.resolve(id.path()).resolve("config"))) {
        out.add(realRoot().resolve(id.path()).toString());
      }
    }
    return out;
  }

  @Test
  void runsEveryTrialOnceAndWritesTheBest() throws IOException {
    Cli.Run r = Cli.run("run", root.toString(), "-j", "3");
    assertThat(r.code()).as(r.err()).isZero();
    for (TrialId id : SearchDir.open(root).trials()) {
      assertThat(root.resolve(id.path()).resolve("result")).exists();
    }
    Map<String, Integer> counted = TestSearch.count(calls, "start ");
    assertThat(counted.keySet()).containsExactlyInAnyOrderElementsOf(trialsWithConfig());
    assertThat(counted.values()).containsOnly(1);
    assertThat(root.resolve("best.yaml")).content().contains("found: true");
    assertThat(r.out()).contains("Finished all 22 trials").contains("Best: ");
  }

  @Test
  void printsPlainProgressLinesWithoutAConsole() {
    Cli.Run r = Cli.run("run", root.toString(), "-j", "2");
    assertThat(r.err()).containsPattern("\\[hbgen run] 0/22 done, 0 failed, 2 running, 0:00:0\\d elapsed")
        .contains("[hbgen run] 22/22 done");
  }

  @Test
  void hasNothingToDoOnceEverythingIsWritten() throws IOException {
    assertThat(Cli.run("run", root.toString()).code()).isZero();
    long before = Files.readAllLines(calls).size();
    Cli.Run again = Cli.run("run", root.toString());
    assertThat(again.code()).isZero();
    assertThat(again.out()).startsWith("Nothing to do: all 22 trials");
    assertThat(Files.readAllLines(calls)).hasSize((int) before);
  }

  @Test
  void rerunsOnlyAnInterruptedTrialAndRewritesTheBest() throws IOException {
    assertThat(Cli.run("run", root.toString()).code()).isZero();
    Path interrupted = root.resolve("bracket-2/stage-0/config-1");
    Files.delete(interrupted.resolve("result"));
    Files.deleteIfExists(interrupted.resolve("failed"));
    Files.delete(root.resolve("best.yaml"));
    Cli.Run again = Cli.run("run", root.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("21 finished before").contains("1 ran in this run");
    assertThat(TestSearch.count(calls, "start ").get(interrupted.toRealPath().toString())).isEqualTo(2);
    assertThat(root.resolve("best.yaml")).exists();
  }

  @Test
  void redoesAPromotionThatAKilledRunDidNotWrite() throws IOException {
    assertThat(Cli.run("run", root.toString()).code()).isZero();
    Path promotion = root.resolve("bracket-0/stage-1/promotion.yaml");
    String text = Files.readString(promotion);
    Files.delete(promotion);
    for (String stage : new String[] {"bracket-0/stage-1", "bracket-0/stage-2"}) {
      try (Stream<Path> slots = Files.list(root.resolve(stage))) {
        for (Path slot : slots.filter(Files::isDirectory).toList()) {
          hbgen.search.AtomicFiles.deleteTree(slot);
        }
      }
    }
    Files.delete(root.resolve("bracket-0/stage-2/promotion.yaml"));
    Cli.Run again = Cli.run("run", root.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(promotion).hasContent(text);
    assertThat(again.out()).contains("18 finished before").contains("4 ran in this run");
  }

  @Test
  void aTrialWhoseLauncherFailsStopsOnlyItsBracket() throws IOException {
    Files.delete(root.resolve("bracket-0/stage-0/config-0/config"));
    Cli.Run r = Cli.run("run", root.toString(), "-j", "2");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().filter(l -> l.startsWith("hbgen: ")).toList()).singleElement().asString()
        .startsWith("hbgen: 1 trial could not run, so 5 of 22 trials are unfinished; first:"
            + " bracket-0/stage-0/config-0: run.sh exited with code 2 without a result");
    assertThat(root.resolve("bracket-0/stage-1/promotion.yaml")).doesNotExist();
    assertThat(root.resolve("bracket-1/stage-1/promotion.yaml")).exists();
    assertThat(root.resolve("best.yaml")).doesNotExist();
    assertThat(root.resolve("bracket-0/stage-0/config-0/log")).content().contains("missing bracket-0/stage-0/config-0/config");
  }

  /**
   * The conformance test of issue 4: the same search under the embedded engine and under real
   * Snakemake (through {@code hbgen run --engine snakemake}) ends with the same files.
   */
  @Nested
  @Tag("engine")
  class UnderSnakemake {
    @Test
    void promotesTheSameTrialsAtEveryStageAndFindsTheSameBest() throws Exception {
      Engines.require("snakemake");
      Path snake = tmp.resolve("b");
      copyTree(root, snake);
      Cli.Run embedded = Cli.run("run", root.toString(), "-j", "2");
      assertThat(embedded.code()).as(embedded.err()).isZero();
      Cli.Run viaSnakemake = Cli.run("run", snake.toString(), "--engine", "snakemake", "-j", "2", "--", "--quiet");
      assertThat(viaSnakemake.code()).as(viaSnakemake.err()).isZero();
      assertThat(snake.resolve(".snakemake")).isDirectory();
      assertThat(root.resolve(".snakemake")).doesNotExist();

      Map<String, String> a = files(root);
      Map<String, String> b = files(snake);
      assertThat(a.keySet()).filteredOn(k -> k.endsWith("promotion.yaml")).hasSize(3);
      assertThat(a).isEqualTo(b);
      assertThat(String.join("", a.values())).as("the search exercised failures and NaN")
          .contains("value: .nan").contains("promoted_to: null");
      assertThat(ledger(root)).isEqualTo(ledger(snake));
    }

    /** The files both engines must agree on, by path relative to the root. */
    private Map<String, String> files(Path dir) throws IOException {
      Map<String, String> out = new TreeMap<>();
      try (Stream<Path> all = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          String rel = dir.relativize(p).toString();
          String name = p.getFileName().toString();
          boolean wanted = rel.equals("best.yaml") || rel.equals("config") || name.equals("promotion.yaml")
              || (rel.startsWith("bracket-") && List.of("config", "promoted-from", "result", "failed", "skipped").contains(name));
          if (wanted && Files.isRegularFile(p)) {
            out.put(rel, name.equals("failed") ? "(failed)" : Files.readString(p));
          }
        }
      }
      return out;
    }

    /** The ledger without times, durations and hosts, sorted. */
    private List<String> ledger(Path dir) throws IOException {
      return Files.readAllLines(dir.resolve("results.tsv")).stream().skip(1).map(l -> {
        String[] f = l.split("\t", -1);
        return String.join("\t", f[1], f[2], f[3], f[4], f[6], f[7], f[8]);
      }).sorted().toList();
    }
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
              java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
