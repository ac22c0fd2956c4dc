package hbgen.run;

import hbgen.error.RuntimeFailure;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code hbgen run --engine snakemake}: hands the search to Snakemake for users who want one entry
 * point. Snakemake runs in its own session (setsid) and SIGINT or SIGTERM to hbgen becomes SIGTERM
 * to Snakemake's whole process group: a signal to the snakemake process alone leaves its running
 * {@code srun} jobs alone, its group's SIGTERM cancels them.
 */
public final class SnakemakeRunner {
  private SnakemakeRunner() {}

  /** The command line: snakemake, the Snakefile, -j, the profile and the extra arguments. */
  public static List<String> command(Path root, int jobs, Path profile, List<String> extra) {
    List<String> cmd = new ArrayList<>(List.of("snakemake", "--snakefile", root.resolve("Snakefile").toString(),
        "-j", Integer.toString(jobs)));
    if (profile != null) {
      cmd.add("--profile");
      cmd.add(profile.toString());
    }
    cmd.addAll(extra);
    return cmd;
  }

  /** Runs Snakemake to its end and returns its exit code (130 or 143 when a signal stopped it). */
  public static int run(Path root, int jobs, Path profile, List<String> extra, PrintWriter out, PrintWriter err) {
    if (!onPath("snakemake")) {
      throw new RuntimeFailure("snakemake is not on PATH (install it, or leave out --engine snakemake to use the"
          + " built-in engine)");
    }
    String setsid = TrialLauncher.findSetsid();
    List<String> cmd = new ArrayList<>();
    if (setsid != null) {
      cmd.add(setsid);
    }
    cmd.addAll(command(root, jobs, profile, extra));
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      // The Snakefile refuses to run while hbgen run holds the search, unless that holder is us.
      pb.environment().put(RunLock.PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
      p = pb.start();
    } catch (IOException e) {
      throw new RuntimeFailure("cannot start snakemake: " + e.getMessage(), e);
    }
    Thread copyOut = copy(p.getInputStream(), out);
    Thread copyErr = copy(p.getErrorStream(), err);
    AtomicInteger signalled = new AtomicInteger();
    Signals signals = Signals.install(code -> {
      signalled.compareAndSet(0, code);
      TrialLauncher.signal(p.pid(), setsid != null, "TERM");
    });
    try {
      int code = p.waitFor();
      copyOut.join();
      copyErr.join();
      return signalled.get() != 0 ? signalled.get() : code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TrialLauncher.signal(p.pid(), setsid != null, "TERM");
      return Engine.INTERRUPTED;
    } finally {
      signals.close();
    }
  }

  private static Thread copy(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (to) {
            to.println(line);
            to.flush();
          }
        }
      } catch (IOException e) {
        // the process is gone; its exit code tells the story
      }
    }, "snakemake-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
