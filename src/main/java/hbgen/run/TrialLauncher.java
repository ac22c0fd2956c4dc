package hbgen.run;

import hbgen.search.Layout;
import hbgen.trial.TrialId;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Starts trials the way the Snakefile does ({@code bash run.sh bracket-I/stage-J/config-K BUDGET}),
 * each under {@code setsid} so that it leads its own process group: stopping a trial signals the
 * whole group (run.sh, the trainer and whatever the trainer started), and a Ctrl-C on the terminal
 * reaches only hbgen, which then stops the trials itself. run.sh's own output (its error messages)
 * is appended to the trial's {@code log}, where run.sh also puts the trainer's.
 */
public final class TrialLauncher {
  private final Path root;
  private final Path runScript;
  private final String setsid;

  /**
   * @param root the search root
   * @param setsid the path of {@code setsid}, or null where it is missing (then a trial shares
   *     hbgen's process group and only run.sh itself is signalled; run.sh stops its trainer's tree)
   */
  public TrialLauncher(Path root, String setsid) {
    this.root = root.toAbsolutePath().normalize();
    this.runScript = this.root.resolve("run.sh");
    this.setsid = setsid;
  }

  /** Finds {@code setsid} on PATH. */
  public static String findSetsid() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "setsid");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /** Whether started trials lead their own process group. */
  public boolean groups() {
    return setsid != null;
  }

  /** The command line of one trial. */
  List<String> command(TrialId id, String budget) {
    List<String> cmd = new ArrayList<>();
    if (setsid != null) {
      cmd.add(setsid);
    }
    cmd.addAll(List.of("bash", runScript.toString(), id.path(), budget));
    return cmd;
  }

  /** Starts a trial; with a GPU, the trial sees only that device. */
  public Process start(TrialId id, String budget, OptionalInt gpu) throws IOException {
    Path dir = root.resolve(id.path());
    Files.createDirectories(dir);
    File log = dir.resolve(Layout.LOG).toFile();
    ProcessBuilder pb = new ProcessBuilder(command(id, budget))
        .directory(root.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .redirectError(ProcessBuilder.Redirect.appendTo(log));
    if (gpu.isPresent()) {
      Map<String, String> env = pb.environment();
      env.put("CUDA_VISIBLE_DEVICES", Integer.toString(gpu.getAsInt()));
      env.put("HB_GPU", Integer.toString(gpu.getAsInt()));
      // CUDA numbers devices fastest first unless told otherwise; nvidia-smi numbers them by PCI bus.
      env.putIfAbsent("CUDA_DEVICE_ORDER", "PCI_BUS_ID");
    }
    return pb.start();
  }

  /**
   * Sends a signal ({@code TERM}, {@code KILL}) to a trial: to its whole process group when it
   * leads one, else (or when the group does not exist yet: setsid had no time to create it) to the
   * process alone.
   */
  public static void signal(long pid, boolean group, String signal) {
    if (group && kill(List.of("kill", "-" + signal, "--", "-" + pid))) {
      return;
    }
    if (!kill(List.of("kill", "-" + signal, Long.toString(pid)))) {
      // kill(1) missing: the process alone, which run.sh's trap turns into a stop of its trainer
      ProcessHandle.of(pid).ifPresent(signal.equals("KILL") ? ProcessHandle::destroyForcibly : ProcessHandle::destroy);
    }
  }

  private static boolean kill(List<String> cmd) {
    try {
      Process kill = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
