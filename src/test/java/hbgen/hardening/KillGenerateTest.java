package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code hbgen generate} killed with SIGKILL at random moments of its run (JVM start, drawing,
 * writing the staging directory, the rename): the target is then either absent or the whole
 * search, file for file what an uninterrupted run writes, and what a killed run leaves beside it
 * is a hidden staging directory that nothing takes for a search and that does not stop the next
 * generate.
 */
class KillGenerateTest {
  static final long SEED = 20261123L;
  static final int KILLS = 50;
  /** A search of about 1,200 files: writing them takes about a quarter of the command's time. */
  static final String[] ARGS = {"generate", "6", "3", "-o", "s", "--random-seed", "7", "--trainer", "bash train.sh"};

  @TempDir Path tmp;

  private final Mounts mounts = new Mounts();

  @AfterEach
  void unmount() throws Exception {
    mounts.close();
  }

  @Test
  void aKilledGenerateLeavesNoSearchOrTheWholeSearch() throws Exception {
    KillLoop loop = new KillLoop(2);
    // In memory where the test may mount one (root, as in CI): a disk's file creation and deletion
    // would take most of the loop's time, and renames are as atomic on tmpfs.
    Path tmp = Mounts.root() ? mounts.tmpfs(this.tmp.resolve("work"), "512m") : this.tmp;
    long runMillis = loop.calibrate(w -> {
      Path dir = Files.createDirectories(tmp.resolve("reference-" + w));
      hbgen.search.AtomicFiles.deleteTree(dir.resolve("s"));
      Child.Result ref = Child.run(dir, tmp.resolve("reference-" + w + ".log"), ARGS);
      assertThat(ref.code()).as(ref.output()).isZero();
      return ref.millis();
    });
    Path refDir = tmp.resolve("reference-0");
    Map<String, String> expected = files(refDir.resolve("s"));
    assertThat(files(tmp.resolve("reference-1/s"))).isEqualTo(expected);
    assertThat(expected).containsKeys("hbgen.yaml", "Snakefile", "run.sh", "results.tsv");

    AtomicInteger whole = new AtomicInteger();
    AtomicInteger staged = new AtomicInteger();
    KillLoop.Tally tally = loop.run(SEED, KILLS, 4 * KILLS, (r, random) -> {
      Path cwd = Files.createDirectories(tmp.resolve("round-" + r));
      Path log = tmp.resolve("round-" + r + ".log");
      long t0 = System.nanoTime();
      Process p = Child.start(cwd, log, ARGS);
      boolean killed = Child.killAfter(p, loop.delay(random), Child.Kill.ALONE);
      if (!killed) {
        loop.endedAfter((System.nanoTime() - t0) / 1_000_000);
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
      }
      Path target = cwd.resolve("s");
      boolean written = Files.exists(target);
      assertThat(written || killed).as("an uninterrupted generate writes the search").isTrue();
      if (written) {
        assertThat(files(target)).as("the search of round %d", r).isEqualTo(expected);
        assertComplete(target);
      }
      if (written && killed) {
        whole.incrementAndGet();
      }
      boolean leftover = false;
      try (Stream<Path> entries = Files.list(cwd)) {
        for (Path e : entries.toList()) {
          String name = e.getFileName().toString();
          if (!name.equals("s")) {
            leftover = true;
            staged.incrementAndGet();
            assertThat(name).as("what a killed generate leaves beside its target")
                .matches("\\.hbgen-(tmp|old)-s-[0-9a-f-]+");
          }
        }
      }
      if (!written && leftover && r % 4 == 0) {
        // Leftovers of the killed run do not stop the next one, nor end up in its search
        // (checked in every fourth round: writing a search takes a while).
        Cli.Run again = Cli.run("generate", "6", "3", "-o", target.toString(), "--random-seed", "7",
            "--trainer", "bash train.sh", "--trainer-dir", cwd.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(files(target).keySet()).isEqualTo(expected.keySet());
        try (Stream<Path> after = Files.list(cwd)) {
          assertThat(after.map(e -> e.getFileName().toString()).toList())
              .as("the next generate removes what the killed one left").containsExactly("s");
        }
      }
      hbgen.search.AtomicFiles.deleteTree(cwd);
      return killed ? 1 : 0;
    });
    System.out.printf("KillGenerateTest: %d kills in %d rounds (delays from 0-%d ms, then 0-%d ms): %d left the whole"
        + " search, %d a staging directory%n", tally.kills(), tally.rounds(), runMillis, loop.span(), whole.get(),
        staged.get());
    assertThat(tally.kills()).as("rounds that killed generate").isGreaterThanOrEqualTo(KILLS);
  }

  /** The manifest parses and names every configuration of the plan, and each one's file exists. */
  static void assertComplete(Path target) throws IOException {
    Map<String, Object> manifest = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(target.resolve("hbgen.yaml")));
    assertThat(manifest).containsKeys("hbgen_version", "plan", "seed", "space", "trainer");
    SearchDir search = SearchDir.open(target);
    for (TrialId id : search.trials()) {
      if (id.stage() == 0) {
        assertThat(target.resolve(id.path()).resolve("config")).isNotEmptyFile();
      }
    }
    assertThat(target.resolve("Snakefile")).isNotEmptyFile();
    assertThat(target.resolve("run.sh")).isNotEmptyFile();
  }

  /** Every file of a search by relative path, the manifest's creation time left out. */
  static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        String text = Files.readString(p);
        out.put(rel, rel.equals("hbgen.yaml") ? text.replaceAll("(?m)^created: .*$", "created: (time)") : text);
      }
    }
    return out;
  }
}
