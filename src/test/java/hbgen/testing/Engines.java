package hbgen.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the real engines for engine tests. A missing engine fails the test with the command that
 * installs it: engine tests never skip (scripts/install-deps.sh installs them in CI).
 */
public final class Engines {
  private Engines() {}

  /** The path of a program on PATH, or an assertion error naming what to install. */
  public static String require(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(program + " is not on PATH: engine tests need it (run scripts/install-deps.sh)");
  }

  /** The result of a finished process. */
  public record Result(int code, String output) {}

  /** Runs a command in {@code dir} with a time limit, merging stdout and stderr. */
  public static Result exec(Path dir, long timeoutSeconds, String... command) throws IOException, InterruptedException {
    return exec(dir, timeoutSeconds, List.of(command), java.util.Map.of());
  }

  /** Runs a command with extra environment variables. */
  public static Result exec(Path dir, long timeoutSeconds, List<String> command, java.util.Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    Path log = Files.createTempFile("hbgen-exec", ".log");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
    }
    String out = Files.readString(log);
    Files.deleteIfExists(log);
    return new Result(p.exitValue(), out);
  }
}
