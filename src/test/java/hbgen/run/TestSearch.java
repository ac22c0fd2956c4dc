package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Searches with fake trainers for engine tests, and hbgen started as a separate JVM. */
public final class TestSearch {
  /**
   * A deterministic trainer: the objective comes from the configuration's seed (HB_SEED, kept
   * through promotions) and the budget; one seed in seven crashes, one reports NaN, the others
   * report few distinct values, so that ties are common. Every call appends the trial to
   * {@code calls} next to the script.
   */
  public static final String DETERMINISTIC = """
      #!/usr/bin/env bash
      echo "start $HB_DIR" >> "$(dirname "$0")/calls"
      budget=$2
      k=$(( HB_SEED % 7 ))
      case $k in
        0) echo "this trainer crashes for seed $HB_SEED" >&2; exit 3 ;;
        1) printf 'accuracy: nan\\nloss: 1\\n' > "$HB_RESULT" ;;
        6) echo "$(( budget * 2 )).0" > "$HB_RESULT" ;;
        *) printf '{accuracy: %d.50, loss: 1.5e-3}\\n' $(( (k % 3) * 10 + budget )) > "$HB_RESULT" ;;
      esac
      """;

  private TestSearch() {}

  /** Writes an executable script and returns the {@code --trainer} command that runs it. */
  public static String trainer(Path dir, String name, String script) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(name);
    Files.writeString(file, script, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return "bash " + file.toAbsolutePath();
  }

  /** {@code hbgen generate ARGS -o DIR} in process; fails the test if it does not exit 0. */
  public static Path generate(Path dir, String... args) {
    List<String> all = new ArrayList<>(List.of("generate"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", dir.toString(), "--random-seed", "1"));
    Cli.Run r = Cli.run(all.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return dir;
  }

  /** Lines of a file that start with {@code prefix}, counted by the rest of the line. */
  public static Map<String, Integer> count(Path file, String prefix) throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith(prefix)) {
        out.merge(line.substring(prefix.length()), 1, Integer::sum);
      }
    }
    return out;
  }

  /** {@code hbgen ARGS} as a separate JVM with this test run's classpath; output goes to {@code log}. */
  public static Process start(Path log, Map<String, String> env, String... args) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, "hbgen.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().putAll(env);
    return pb.start();
  }

  /** Waits for a process, failing the test after {@code seconds}. */
  public static int await(Process p, long seconds, Path log) throws IOException, InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("hbgen did not end within " + seconds + " s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  /** Polls until {@code condition} holds, failing after {@code seconds}. */
  public static void until(long seconds, String what, Check condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.holds()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** A condition that may read files. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }
}
