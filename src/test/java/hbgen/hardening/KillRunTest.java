package hbgen.hardening;

import hbgen.search.Layout;
import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.search.SearchDir;
import hbgen.search.SearchWriter;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code hbgen run} killed with SIGKILL at random moments, up to three times in a row on one search,
 * then run to its end. A kill reaches hbgen alone (its trials live on in their own sessions and
 * the next run adopts them) or hbgen with every trial it started (trainers die mid-write). After
 * each kill every {@code result} is the trainer's whole answer for that trial, the ledger holds
 * whole lines for trials that have their result; the final run completes the search with the
 * right best configuration, never runs a trainer again for a trial that had finished, and when
 * only hbgen was killed runs each trainer exactly once.
 */
class KillRunTest {
  static final long SEED = 11235813L;
  static final int KILLS = 50;

  /**
   * Counts its calls next to the search and writes its result in two pieces (a trainer killed in
   * between leaves a partial, still parseable number in $HB_RESULT). Most calls take 0-40 ms; the first
   * trial takes 2 s, long enough to outlive a killed hbgen until the next run looks for survivors.
   */
  static final String TRAINER = """
      #!/usr/bin/env bash
      echo "$HB_BRACKET/$HB_STAGE/$HB_CONFIG_ID" >> "$HB_ROOT.calls"
      v=$(( (HB_SEED % 9973) * 10 + ${HB_BUDGET%.*} ))
      printf '%d.' $(( v / 1000 )) > "$HB_RESULT"
      if [[ $HB_BRACKET/$HB_STAGE/$HB_CONFIG_ID == 0/0/0 ]]; then sleep 2; else sleep 0.0$(( HB_SEED % 5 )); fi
      printf '%03d\\n' $(( v % 1000 )) >> "$HB_RESULT"
      """;

  private static final Yaml YAML = new Yaml(new SafeConstructor(new LoaderOptions()));

  @TempDir Path tmp;

  private Path trainerDir;

  private Path search(String name) {
    Cli.Run r = Cli.run("generate", "2", "3", "-o", tmp.resolve(name).toString(), "--random-seed", "5",
        "--trainer", "bash train.sh", "--trainer-dir", trainerDir.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return tmp.resolve(name);
  }

  @Test
  void aKilledRunLosesNothingAndTheNextRunFinishesWithoutRepeatingATrial() throws Exception {
    KillLoop loop = new KillLoop(3);
    trainerDir = tmp.resolve("trainer");
    TestSearch.trainer(trainerDir, "train.sh", TRAINER);
    List<Path> references = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger named = new AtomicInteger();
    long runMillis = loop.calibrate(w -> {
      Path reference = search("reference-" + named.getAndIncrement());
      references.add(reference);
      Child.Result ref = Child.run(tmp, tmp.resolve(reference.getFileName() + ".log"), "run", reference.toString(), "-j", "2");
      assertThat(ref.code()).as(ref.output()).isZero();
      return ref.millis();
    });
    int trials = SearchDir.open(references.get(0)).trials().size();
    for (Path reference : references) {
      assertThat(check(reference)).hasSize(trials);
      assertBest(reference);
    }

    AtomicInteger alone = new AtomicInteger();
    AtomicInteger withTrials = new AtomicInteger();
    AtomicInteger adopting = new AtomicInteger();
    KillLoop.Tally tally = loop.run(SEED, KILLS, 4 * KILLS, (r, random) -> {
      Path root = search("round-" + r);
      Path log = tmp.resolve("round-" + r + ".log");
      int kills = 0;
      boolean trainersKilled = false;
      Map<String, Integer> finishedCalls = new HashMap<>();
      for (int k = 0; k < 3; k++) {
        Child.Kill how = random.nextBoolean() ? Child.Kill.ALONE : Child.Kill.WITH_TRIALS;
        long t0 = System.nanoTime();
        Process p = Child.start(tmp, log, "run", root.toString(), "-j", "2");
        if (!Child.killAfter(p, loop.delay(random), how)) {
          if (k == 0) {
            loop.endedAfter((System.nanoTime() - t0) / 1_000_000);
          }
          assertThat(p.exitValue()).as(Files.readString(log)).isZero();
          break;
        }
        kills++;
        (how == Child.Kill.ALONE ? alone : withTrials).incrementAndGet();
        trainersKilled |= how == Child.Kill.WITH_TRIALS;
        // Results first, then calls: a trial seen finished had its call counted before.
        Set<String> finished = check(root);
        Map<String, Integer> calls = calls(root);
        finished.forEach(t -> finishedCalls.putIfAbsent(t, calls.getOrDefault(t, 0)));
      }
      Child.Result end = Child.run(tmp, log, "run", root.toString(), "-j", "2");
      assertThat(end.code()).as(end.output()).isZero();
      // The log holds every run of this search: count the runs that found trials of a killed one running.
      adopting.addAndGet((int) end.output().lines().filter(l -> l.contains("still running from an earlier run")).count());
      assertThat(check(root)).as("trials with their result").hasSize(trials);
      assertBest(root);
      Map<String, Integer> calls = calls(root);
      finishedCalls.forEach((t, n) -> assertThat(calls.get(t)).as("trainer calls of %s, finished before a rerun", t)
          .isEqualTo(n));
      if (!trainersKilled) {
        assertThat(calls).as("trainer calls per trial").hasSize(trials);
        assertThat(new TreeSet<>(calls.values())).as("trainer calls per trial").containsOnly(1);
        assertThat(ledger(root)).as("ledger lines").hasSize(trials);
      }
      hbgen.search.AtomicFiles.deleteTree(root);
      return kills;
    });
    System.out.printf("KillRunTest: %d kills (%d of hbgen alone, %d with its trials) in %d searches (delays from 0-%d"
        + " ms, then 0-%d ms); %d runs adopted trials of a killed one%n", tally.kills(), alone.get(), withTrials.get(),
        tally.rounds(), runMillis, loop.span(), adopting.get());
    assertThat(tally.kills()).as("kills of hbgen run").isGreaterThanOrEqualTo(KILLS);
  }

  /**
   * A launcher killed while it puts its validated result in place ({@code mv} held up by a
   * stand-in on PATH, then the launcher's group killed): the ledger has no line for the trial, which
   * has no result either, so the next launcher runs it and the ledger then has exactly one line.
   */
  @Test
  void aLauncherKilledBeforeItsResultIsInPlaceLeavesNoLedgerLine() throws Exception {
    trainerDir = tmp.resolve("trainer");
    TestSearch.trainer(trainerDir, "train.sh", TRAINER);
    Path root = search("s");
    Path hold = Files.writeString(tmp.resolve("hold"), "");
    Path reached = tmp.resolve("reached");
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    TestSearch.trainer(bin, "mv", """
        #!/usr/bin/env bash
        if [[ ${@: -1} == */result && -e %s ]]; then
          touch %s
          while [[ -e %s ]]; do sleep 0.02; done
        fi
        exec /bin/mv "$@"
        """.formatted(hold, reached, hold));
    String trial = "bracket-0/stage-0/config-1";
    ProcessBuilder pb = new ProcessBuilder("setsid", "bash", root.resolve("run.sh").toString(), trial, "1")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("launcher.log").toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process launcher = pb.start();
    TestSearch.until(60, "the launcher installing its result", () -> Files.exists(reached));
    assertThat(ledger(root)).as("ledger lines while the result is not in place").isEmpty();
    new ProcessBuilder("kill", "-KILL", "--", "-" + launcher.pid()).start().waitFor();
    launcher.waitFor();
    Files.delete(hold);
    Path dir = root.resolve(trial);
    assertThat(dir.resolve("result")).doesNotExist();
    assertThat(ledger(root)).isEmpty();

    Process again = new ProcessBuilder("bash", root.resolve("run.sh").toString(), trial, "1")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("again.log").toFile()).start();
    assertThat(again.waitFor()).as(Files.readString(tmp.resolve("again.log"))).isZero();
    SearchDir search = SearchDir.open(root);
    String expected = expected(search, Layout.parseTrial(trial));
    assertThat(Files.readString(dir.resolve("result")).strip()).isEqualTo(expected);
    assertThat(ledger(root)).singleElement().satisfies(l -> assertThat(l.split("\t", -1)).hasSize(11)
        .contains(trial, "completed", expected));
    assertThat(calls(root)).containsEntry(trial, 2);
  }

  /** The trainer's result for a trial: from its configuration's seed and its budget. */
  static String expected(SearchDir search, TrialId id) throws IOException {
    Map<String, Object> config = YAML.load(Files.readString(search.dir(id).resolve("config")));
    long seed = ((Number) config.get("seed")).longValue();
    long v = (seed % 9973) * 10 + (long) search.stage(id).budget();
    return (v / 1000) + "." + String.format("%03d", v % 1000);
  }

  /**
   * Checks the files a run leaves, at any moment (trials may still be running): each
   * {@code result} is the trainer's whole answer, no trial has failed, and the ledger is whole
   * lines, one per trial at most, each for a trial whose result is there and says the same.
   * Returns the trials that have their result.
   */
  static Set<String> check(Path root) throws IOException {
    // The ledger first: a launcher writes the result, then the line.
    String ledger = Files.readString(root.resolve("results.tsv"), StandardCharsets.UTF_8);
    SearchDir search = SearchDir.open(root);
    Set<String> finished = new TreeSet<>();
    for (TrialId id : search.trials()) {
      Path dir = search.dir(id);
      assertThat(dir.resolve("failed")).as("no trial fails with this trainer").doesNotExist();
      if (Files.exists(dir.resolve("result"))) {
        assertThat(Files.readString(dir.resolve("result")).strip()).as("result of %s", id.path())
            .isEqualTo(expected(search, id));
        finished.add(id.path());
      }
    }
    assertThat(ledger).startsWith(SearchWriter.LEDGER_HEADER).endsWith("\n");
    Set<String> seen = new TreeSet<>();
    for (String line : ledger.substring(SearchWriter.LEDGER_HEADER.length()).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertThat(f).as("ledger line %s", line).hasSize(11);
      TrialId id = Layout.parseTrial(f[1]);
      assertThat(seen.add(f[1])).as("%s appears once in the ledger", f[1]).isTrue();
      assertThat(f[2]).isEqualTo("completed");
      assertThat(f[3]).as("objective of %s in the ledger", f[1]).isEqualTo(expected(search, id));
      assertThat(finished).as("trials with a ledger line have their result").contains(f[1]);
    }
    return finished;
  }

  /**
   * best.yaml names the trial with the lowest result among those at the largest budget (the
   * default incumbent rule; every trial here finishes), and config is that trial's configuration.
   */
  static void assertBest(Path root) throws IOException {
    SearchDir search = SearchDir.open(root);
    double top = search.trials().stream().mapToDouble(id -> search.stage(id).budget()).max().orElseThrow();
    String bestTrial = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (TrialId id : search.trials()) {
      double v = Double.parseDouble(Files.readString(search.dir(id).resolve("result")).strip());
      if (search.stage(id).budget() == top && v < bestValue) {
        bestValue = v;
        bestTrial = id.path();
      }
    }
    Map<String, Object> best = YAML.load(Files.readString(root.resolve("best.yaml")));
    assertThat(best).containsEntry("found", true).containsEntry("trial", bestTrial);
    assertThat(root.resolve("config")).hasSameTextualContentAs(root.resolve(bestTrial).resolve("config"));
  }

  /** Trainer calls per trial path. */
  static Map<String, Integer> calls(Path root) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    Path file = root.resolveSibling(root.getFileName() + ".calls");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] p = line.split("/");
        out.merge(new TrialId(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2])).path(), 1, Integer::sum);
      }
    }
    return out;
  }

  /** The ledger's lines after the header. */
  static List<String> ledger(Path root) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(root.resolve("results.tsv")));
    return lines.subList(1, lines.size());
  }
}
