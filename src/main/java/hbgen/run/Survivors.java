package hbgen.run;

import hbgen.search.TrialFiles;
import hbgen.search.Layout;
import hbgen.search.ProcessProbe;
import hbgen.search.StartedMarker;
import hbgen.trial.TrialState.Liveness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Trials that are still running although no engine watches them: an {@code hbgen run} (or a
 * Snakemake) that was killed with SIGKILL leaves its run.sh processes running, each in its own
 * session. A rerun adopts them instead of starting them twice: it waits for them and counts their
 * GPU. A trial is a survivor when the launcher its {@code started} marker names (the run.sh an
 * engine started, {@code launcher_pid}, else {@code pid}) is alive on this machine by {@link
 * ProcessProbe}, the one liveness check status uses too, and its command line is this search's
 * run.sh for this trial; or (for a launcher killed before it wrote {@code started}) any such
 * process found in /proc. A launcher whose liveness is unknown is not adopted; the run.sh started
 * in its place waits for it on the trial's lock. Reads Linux's /proc; elsewhere nothing is a
 * survivor.
 */
public final class Survivors {
  private static final Path PROC = Path.of("/proc");
  private static final ProcessProbe PROBE = ProcessProbe.system();

  private Survivors() {}

  /** The pid of the run.sh still running this trial, if there is one. */
  public static OptionalLong pid(Path root, Path trialDir, String trialPath) {
    StartedMarker marker = TrialFiles.started(trialDir);
    if (marker == null) {
      return OptionalLong.empty();
    }
    boolean launcher = marker.launcherPid() > 0;
    long pid = launcher ? marker.launcherPid() : marker.pid();
    String host = launcher ? marker.launcherHost() : marker.host();
    long start = launcher ? marker.launcherStart() : marker.pidStart();
    if (pid <= 1 || (!host.isEmpty() && !PROBE.isThisHost(host)) || PROBE.process(pid, start) != Liveness.ALIVE) {
      return OptionalLong.empty();
    }
    return trialOf(pid, root).filter(trialPath::equals).isPresent() ? OptionalLong.of(pid) : OptionalLong.empty();
  }

  /**
   * The run.sh processes of this search alive on this machine, by trial path, found by their
   * command lines. This also finds a launcher that has not written its {@code started} marker yet
   * (a run killed right after starting it), which {@link #pid} cannot see.
   */
  public static Map<String, Long> scan(Path root) {
    Map<Long, String> found = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path p : procs) {
        long pid;
        try {
          pid = Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid > 1 && pid != ProcessHandle.current().pid() && PROBE.process(pid, -1) == Liveness.ALIVE) {
          trialOf(pid, root).ifPresent(trial -> found.put(pid, trial));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc: nothing is found, as on other systems
    }
    // run.sh's subshells carry its command line too: keep the process whose parent is not one of them.
    Map<String, Long> out = new TreeMap<>();
    found.forEach((pid, trial) -> {
      if (!trial.equals(found.get(parent(pid)))) {
        out.put(trial, pid);
      }
    });
    return out;
  }

  private static long parent(long pid) {
    String stat = stat(pid);
    if (stat == null) {
      return -1;
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    try {
      return f.length > 1 ? Long.parseLong(f[1]) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The trial a process runs when it is this search's run.sh ({@code [setsid] bash ROOT/run.sh TRIAL BUDGET}). */
  private static Optional<String> trialOf(long pid, Path root) {
    List<String> args = commandLine(pid);
    int script = -1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).endsWith("run.sh")) {
        script = i;
        break;
      }
    }
    if (script < 0 || script + 1 >= args.size()) {
      return Optional.empty();
    }
    String trial = args.get(script + 1).replaceAll("/+$", "");
    try {
      trial = Layout.trialPath(Layout.parseTrial(trial));
    } catch (IllegalArgumentException notATrial) {
      return Optional.empty();
    }
    try {
      Path scriptPath = Path.of(args.get(script));
      if (!Files.isSameFile(scriptPath.isAbsolute() ? scriptPath : procCwd(pid).resolve(scriptPath), root.resolve("run.sh"))) {
        return Optional.empty();
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    return Optional.of(trial);
  }

  private static Path procCwd(long pid) throws IOException {
    return Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("cwd"));
  }

  /**
   * Whether a process on this machine may still run: not known to be gone by {@link ProcessProbe}
   * (a zombie is gone; a process whose /proc entry cannot be read is not).
   */
  public static boolean alive(long pid) {
    return PROBE.process(pid, -1) != Liveness.GONE;
  }

  /** Whether a process leads its own process group (so that a group signal reaches all it started). */
  public static boolean leadsGroup(long pid) {
    String stat = stat(pid);
    if (stat == null) {
      return false;
    }
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return f.length > 2 && f[2].equals(Long.toString(pid));
  }

  /** The GPU a running trial was given ({@code HB_GPU} in its environment), if any. */
  public static OptionalInt gpu(long pid) {
    try {
      byte[] env = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
      for (String var : new String(env, StandardCharsets.UTF_8).split("\0")) {
        if (var.startsWith("HB_GPU=") && var.substring(7).matches("[0-9]{1,6}")) {
          return OptionalInt.of(Integer.parseInt(var.substring(7)));
        }
      }
    } catch (IOException e) {
      // not readable: the trial counts against -j but not against a GPU
    }
    return OptionalInt.empty();
  }

  private static List<String> commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
      return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of();
    }
  }

  private static String stat(long pid) {
    try {
      return Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
