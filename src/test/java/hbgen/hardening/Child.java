package hbgen.hardening;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * hbgen as a separate JVM with this test run's classpath (the jar is not built before the tests),
 * and the two ways a kill reaches it: SIGKILL to hbgen alone (its trials, each in its own session,
 * live on), or SIGKILL to hbgen and to the process group of every trial it started (a whole job
 * killed, trainers stopped mid-write).
 */
final class Child {
  private Child() {}

  /** How a kill reaches the process. */
  enum Kill {
    /** SIGKILL to hbgen only. */
    ALONE,
    /** hbgen is frozen (SIGSTOP) so that it starts nothing more, its trials' groups get SIGKILL, then hbgen. */
    WITH_TRIALS
  }

  /** Starts {@code hbgen ARGS} in {@code cwd}; stdout and stderr are appended to {@code log}. */
  static Process start(Path cwd, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "hbgen.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
  }

  /**
   * Waits {@code millis}, then kills the process if it is still running; returns whether it was
   * killed (false: it ended first, on its own).
   */
  static boolean killAfter(Process p, long millis, Kill how) throws IOException, InterruptedException {
    if (p.waitFor(millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    if (how == Kill.WITH_TRIALS) {
      signal("-STOP", List.of(Long.toString(p.pid())));
      List<String> targets = new ArrayList<>();
      p.toHandle().children().forEach(c -> {
        // a trial leads its own process group (setsid): the group takes its trainer along
        targets.add("-" + c.pid());
        targets.add(Long.toString(c.pid()));
      });
      if (!targets.isEmpty()) {
        signal("-KILL", targets);
      }
    }
    p.destroyForcibly();
    p.waitFor();
    return true;
  }

  private static void signal(String signal, List<String> targets) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("kill", signal, "--"));
    cmd.addAll(targets);
    // some targets may be gone or lead no group: kill(1) then fails for those only
    new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }

  /** Waits for a process to end by itself, failing the test after {@code seconds}. */
  static int await(Process p, long seconds, Path log) throws IOException, InterruptedException {
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("hbgen did not end within " + seconds + " s:\n" + Files.readString(log));
    }
    return p.exitValue();
  }

  /** Runs {@code hbgen ARGS} to its end and returns its exit code, output and duration. */
  static Result run(Path cwd, Path log, String... args) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    int code = await(start(cwd, log, args), 300, log);
    return new Result(code, Files.readString(log), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Exit code, output and duration (milliseconds, from start to exit) of a finished child. */
  record Result(int code, String output, long millis) {}
}
