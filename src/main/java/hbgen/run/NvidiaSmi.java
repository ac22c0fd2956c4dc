package hbgen.run;

import hbgen.error.RuntimeFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Asks {@code nvidia-smi} (the first on PATH) how busy each GPU is. */
public final class NvidiaSmi {
  private static final List<String> COMMAND =
      List.of("nvidia-smi", GpuLoad.QUERY, "--format=csv,noheader,nounits");

  private NvidiaSmi() {}

  /** Whether an nvidia-smi is on PATH (an executable file of that name). */
  public static boolean onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      try {
        if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, COMMAND.get(0)))) {
          return true;
        }
      } catch (java.nio.file.InvalidPathException e) {
        // not a directory name: nothing to run there
      }
    }
    return false;
  }

  /** The load of every GPU the driver reports, by index; a failure is a one-line error. */
  public static Map<Integer, GpuLoad> query() {
    Process p;
    try {
      p = new ProcessBuilder(COMMAND).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new RuntimeFailure("nvidia-smi: cannot run it (" + e.getMessage()
          + "); --gpu-max-memory and --gpu-max-load need it on PATH");
    }
    try {
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RuntimeFailure("nvidia-smi did not answer within 30 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new RuntimeFailure("nvidia-smi failed (exit code " + p.exitValue() + "): " + firstLine(text));
      }
      return GpuLoad.parse(text);
    } catch (IOException e) {
      throw new RuntimeFailure("nvidia-smi: cannot read its output: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new RuntimeFailure("nvidia-smi: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted while asking nvidia-smi", e);
    }
  }

  private static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
