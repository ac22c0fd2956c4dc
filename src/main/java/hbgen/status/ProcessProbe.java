package hbgen.status;

import hbgen.error.RuntimeFailure;
import hbgen.trial.TrialState.Liveness;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether the launcher of a started, unfinished trial still lives. On the host that wrote
 * the {@code started} marker, its pid is looked up in {@code /proc} (a zombie counts as gone, and
 * so does a pid that a younger process now holds). A trial in a Slurm job on another host is looked
 * up with one {@code squeue} call for all jobs, and {@code sacct} names how a gone job ended. When
 * none of that is possible the answer is "unknown": status then says "running (unverified)"
 * rather than guess.
 */
public final class ProcessProbe {
  /** Seconds a launcher's process may appear to have started after its marker's time (clock granularity). */
  private static final long START_SLACK_SECONDS = 5;
  /** Job ids per squeue or sacct call, well below any argument-length limit. */
  private static final int BATCH = 500;
  /** Slurm job states in which the job's processes may still run (squeue(1), JOB STATE CODES). */
  private static final Set<String> ACTIVE = Set.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED",
      "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD");

  private final String host;
  private final List<Path> path;
  private final Path proc;
  private final long timeoutSeconds;

  /**
   * A probe.
   *
   * @param host this machine's host name, as run.sh's {@code $(hostname)} prints it
   * @param pathVariable the directories to find {@code squeue} and {@code sacct} in ({@code PATH} syntax)
   * @param proc the proc file system ({@code /proc}); when it does not exist, the JDK's process handles are asked
   * @param timeoutSeconds how long squeue or sacct may take
   */
  public ProcessProbe(String host, String pathVariable, Path proc, long timeoutSeconds) {
    this.host = host == null ? "" : host;
    this.path = new ArrayList<>();
    for (String dir : (pathVariable == null ? "" : pathVariable).split(":")) {
      if (!dir.isEmpty()) {
        path.add(Path.of(dir));
      }
    }
    this.proc = proc;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** The probe of this machine: its host name, its PATH, /proc. */
  public static ProcessProbe system() {
    return new ProcessProbe(localHost(), System.getenv("PATH"), Path.of("/proc"), 20);
  }

  /** This machine's name as {@code hostname} prints it (the kernel's node name), without a DNS lookup where possible. */
  static String localHost() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall back to the JDK's view below
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "";
    }
  }

  /** The host name this probe takes as its own. */
  public String host() {
    return host;
  }

  /**
   * The liveness of a launcher and, when it is gone or unknown, why.
   *
   * @param liveness alive, gone or unknown
   * @param reason "" when alive; otherwise what was found, e.g. "Slurm job 17 ended: TIMEOUT"
   */
  public record Verdict(Liveness liveness, String reason) {}

  /** Checks the launchers of several markers, with at most one squeue and one sacct call. */
  public List<Verdict> check(List<StartedMarker> markers) {
    Verdict[] out = new Verdict[markers.size()];
    Set<String> jobs = new LinkedHashSet<>();
    for (int i = 0; i < out.length; i++) {
      StartedMarker m = markers.get(i);
      if (m.pid() > 0 && sameHost(m.host(), host)) {
        out[i] = pid(m);
      } else if (!m.slurmJobId().isEmpty()) {
        jobs.add(m.slurmJobId());
      } else {
        out[i] = new Verdict(Liveness.UNKNOWN, m.host().isEmpty() || m.pid() <= 0
            ? "its started marker names no host and pid to check"
            : "started on " + m.host() + ", which this machine (" + host + ") cannot check");
      }
    }
    if (!jobs.isEmpty()) {
      Map<String, Verdict> byJob = slurm(jobs);
      for (int i = 0; i < out.length; i++) {
        if (out[i] == null) {
          out[i] = byJob.get(markers.get(i).slurmJobId());
        }
      }
    }
    return List.of(out);
  }

  /** Whether two host names name the same machine: equal, or equal up to the first dot (short vs. full name). */
  static boolean sameHost(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return false;
    }
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    int da = a.indexOf('.');
    int db = b.indexOf('.');
    return (da >= 0 || db >= 0)
        && (da < 0 ? a : a.substring(0, da)).equalsIgnoreCase(db < 0 ? b : b.substring(0, db));
  }

  private Verdict pid(StartedMarker m) {
    String who = "pid " + m.pid() + " on " + m.host();
    if (!processAlive(m.pid())) {
      return new Verdict(Liveness.GONE, "its launcher (" + who + ") is gone");
    }
    // A pid is reused once its process is gone: a process that started after the marker was
    // written is not the launcher that wrote it.
    long started = ProcessHandle.of(m.pid())
        .flatMap(h -> h.info().startInstant())
        .map(java.time.Instant::getEpochSecond)
        .orElse(-1L);
    if (started >= 0 && m.epochSecond() >= 0 && started > m.epochSecond() + START_SLACK_SECONDS) {
      return new Verdict(Liveness.GONE, "its launcher (" + who + ") is gone; the pid now belongs to a newer process");
    }
    return new Verdict(Liveness.ALIVE, "");
  }

  private boolean processAlive(long pid) {
    if (proc == null || !Files.isDirectory(proc)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    try {
      Path file = proc.resolve(Long.toString(pid)).resolve("stat");
      String stat = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      // proc(5): "pid (comm) state ...", where comm may itself hold spaces and parentheses.
      int close = stat.lastIndexOf(')');
      String rest = close < 0 ? "" : stat.substring(close + 1).strip();
      char state = rest.isEmpty() ? '?' : rest.charAt(0);
      return state != 'Z' && state != 'X' && state != 'x';
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      // /proc/PID exists but cannot be read (another user's process under hidepid): it lives.
      return Files.exists(proc.resolve(Long.toString(pid)));
    }
  }

  private Map<String, Verdict> slurm(Set<String> jobs) {
    Map<String, Verdict> out = new HashMap<>();
    Path squeue = find("squeue");
    Path sacct = find("sacct");
    String squeueProblem = squeue == null ? "squeue is not on PATH" : null;
    Map<String, String> active = null;
    if (squeue != null) {
      try {
        active = squeue(squeue, jobs);
      } catch (RuntimeFailure e) {
        squeueProblem = e.getMessage();
      }
    }
    Set<String> ask = new LinkedHashSet<>();
    for (String job : jobs) {
      if (active != null && active.containsKey(job)) {
        out.put(job, new Verdict(Liveness.ALIVE, ""));
      } else {
        ask.add(job);
      }
    }
    Map<String, String> ended = Map.of();
    String sacctProblem = sacct == null ? "sacct is not on PATH" : null;
    if (!ask.isEmpty() && sacct != null) {
      try {
        ended = sacct(sacct, ask);
      } catch (RuntimeFailure e) {
        sacctProblem = e.getMessage();
      }
    }
    for (String job : ask) {
      String state = ended.get(job);
      if (active != null) {
        out.put(job, new Verdict(Liveness.GONE, "Slurm job " + job + (state == null ? " is gone" : " ended: " + state)));
      } else if (state != null && ACTIVE.contains(state)) {
        out.put(job, new Verdict(Liveness.ALIVE, ""));
      } else if (state != null) {
        out.put(job, new Verdict(Liveness.GONE, "Slurm job " + job + " ended: " + state));
      } else {
        out.put(job, new Verdict(Liveness.UNKNOWN, "Slurm job " + job + " cannot be checked (" + squeueProblem
            + (sacctProblem == null ? "; sacct does not know the job" : "; " + sacctProblem) + ")"));
      }
    }
    return out;
  }

  /** Job id to state of the jobs squeue lists; a job it does not list is gone. */
  private Map<String, String> squeue(Path squeue, Set<String> jobs) {
    Map<String, String> states = new HashMap<>();
    for (List<String> batch : batches(jobs)) {
      Result r = run(List.of(squeue.toString(), "-h", "-o", "%A %T", "-j", String.join(",", batch)));
      // squeue exits 1 with "Invalid job id specified" when the only job asked for is unknown.
      if (r.code() != 0 && !(batch.size() == 1 && r.output().contains("Invalid job id"))) {
        throw new RuntimeFailure("squeue failed (exit " + r.code() + "): " + firstLine(r.output()));
      }
      parse(r.output(), " ", states);
    }
    return states;
  }

  /** Job id to final (or current) state of the jobs sacct knows. */
  private Map<String, String> sacct(Path sacct, Set<String> jobs) {
    Map<String, String> states = new HashMap<>();
    for (List<String> batch : batches(jobs)) {
      Result r = run(List.of(sacct.toString(), "-n", "-X", "-P", "-o", "JobIDRaw,State", "-j", String.join(",", batch)));
      if (r.code() != 0) {
        throw new RuntimeFailure("sacct failed (exit " + r.code() + "): " + firstLine(r.output()));
      }
      parse(r.output(), "|", states);
    }
    return states;
  }

  private static void parse(String output, String separator, Map<String, String> into) {
    for (String line : output.split("\n")) {
      int at = line.indexOf(separator);
      if (at <= 0) {
        continue;
      }
      String id = line.substring(0, at).strip();
      String state = line.substring(at + separator.length()).strip();
      // sacct writes "CANCELLED by 1000": the state is the first word.
      int space = state.indexOf(' ');
      state = (space < 0 ? state : state.substring(0, space)).toUpperCase(Locale.ROOT);
      if (id.matches("[0-9]+(_[0-9]+)?") && state.matches("[A-Z_]+")) {
        into.put(id, state);
      }
    }
  }

  private static List<List<String>> batches(Set<String> jobs) {
    List<String> all = new ArrayList<>(jobs);
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += BATCH) {
      out.add(all.subList(i, Math.min(all.size(), i + BATCH)));
    }
    return out;
  }

  private Path find(String program) {
    for (Path dir : path) {
      Path p = dir.resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private record Result(int code, String output) {}

  private Result run(List<String> command) {
    Path out = null;
    try {
      out = Files.createTempFile("hbgen-status", ".out");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      p.getOutputStream().close();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new RuntimeFailure(command.get(0) + " did not answer within " + timeoutSeconds + " s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RuntimeFailure(command.get(0) + " cannot run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure(command.get(0) + " was interrupted");
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a leftover temporary file is harmless
        }
      }
    }
  }

  private static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
