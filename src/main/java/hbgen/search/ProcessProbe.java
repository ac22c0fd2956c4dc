package hbgen.search;

import hbgen.error.RuntimeFailure;
import hbgen.trial.TrialState.Liveness;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The one answer to "is the launcher of this started, unfinished trial alive?", for {@code hbgen
 * status} and for {@code hbgen run}'s adoption of launchers left running by a killed engine.
 *
 * <p>A process on this host is looked up in {@code /proc}: a missing entry, a zombie, or a pid that
 * a process started at another time now holds (its start time, field 22 of {@code /proc/PID/stat},
 * differs from the one the marker recorded) is gone; an entry that exists but cannot be read is
 * unknown, never gone. A Slurm job is looked up with one {@code squeue} call for all jobs; a job
 * squeue does not list is gone, and {@code sacct} (or {@code sacct -c}, the job completion log of a
 * cluster without an accounting database) names how it ended. An LSF job (the bsub launcher) is
 * looked up with one {@code bjobs} call for all jobs: PEND, RUN and the suspended states are alive,
 * DONE, EXIT and a job bjobs does not find ({@code Job <id> is not found}) are gone.
 *
 * <p>A trial is alive while any of its launchers is: with srun or sbatch, the run.sh on the
 * submitting host (waiting for {@code srun} or {@code sbatch --wait}, which outlive the job by
 * seconds) or the trial's Slurm job. It is gone only when every one of them is known to be gone;
 * otherwise it is unknown, and status says "running (unverified)" rather than guess.
 */
public final class ProcessProbe {
  /** Seconds a process may appear to have started after its marker's time (clock granularity). */
  private static final long START_SLACK_SECONDS = 5;
  /** Clock ticks per second of {@code /proc/PID/stat}'s start time: USER_HZ, 100 on Linux's common architectures. */
  private static final long USER_HZ = 100;
  /** Job ids per squeue or sacct call, well below any argument-length limit. */
  private static final int BATCH = 500;
  /** Slurm job states in which the job's processes may still run (squeue(1), JOB STATE CODES). */
  private static final Set<String> ACTIVE = Set.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "SUSPENDED",
      "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD");

  private final String host;
  private final List<Path> path;
  private final Path proc;
  private final long timeoutSeconds;
  /** When this machine booted, from {@code proc}; -1 when unknown. */
  private final long bootEpochSecond;

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
    this.bootEpochSecond = bootEpochSecond(proc);
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

  /** Whether {@code name} (from a marker) names this machine. */
  public boolean isThisHost(String name) {
    return sameHost(name == null ? "" : name, host);
  }

  /**
   * The liveness of a launcher and, when it is gone or unknown, why.
   *
   * @param liveness alive, gone or unknown
   * @param reason "" when alive; otherwise what was found, e.g. "Slurm job 17 ended: TIMEOUT"
   */
  public record Verdict(Liveness liveness, String reason) {
    static final Verdict ALIVE = new Verdict(Liveness.ALIVE, "");
  }

  /**
   * Checks the launchers of several markers, with at most one squeue and one sacct call, and none
   * when every launcher is found alive on this machine.
   */
  public List<Verdict> check(List<StartedMarker> markers) {
    Verdict[] launcher = new Verdict[markers.size()];
    Set<String> jobs = new LinkedHashSet<>();
    Set<String> lsfJobs = new LinkedHashSet<>();
    for (int i = 0; i < launcher.length; i++) {
      StartedMarker m = markers.get(i);
      launcher[i] = m.launcherPid() > 0
          ? process(m.launcherHost(), m.launcherPid(), m.launcherStart(), m.epochSecond(), "its launcher")
          : process(m.host(), m.pid(), m.pidStart(), m.epochSecond(), "its launcher");
      if (launcher[i].liveness() != Liveness.ALIVE && asksSlurm(m, launcher[i])) {
        jobs.add(m.slurmJobId());
      } else if (launcher[i].liveness() != Liveness.ALIVE && asksLsf(m, launcher[i])) {
        lsfJobs.add(m.lsfJobId());
      }
    }
    Map<String, Verdict> byJob = new HashMap<>(jobs.isEmpty() ? Map.of() : slurm(jobs));
    if (!lsfJobs.isEmpty()) {
      new LsfJobs(find("bjobs"), this::run).verdicts(lsfJobs).forEach((id, v) -> byJob.put("lsf:" + id, v));
    }
    List<Verdict> out = new ArrayList<>(launcher.length);
    for (int i = 0; i < launcher.length; i++) {
      out.add(decide(markers.get(i), launcher[i], byJob));
    }
    return out;
  }

  /** Like {@link #asksSlurm}, for a marker's LSF job (a marker with a Slurm job asks Slurm). */
  private static boolean asksLsf(StartedMarker m, Verdict launcher) {
    return m.slurmJobId().isEmpty() && !m.lsfJobId().isEmpty()
        && (m.separateLauncher() || launcher.liveness() == Liveness.UNKNOWN);
  }

  /** The key of a marker's job in the verdicts by job: its Slurm job, else "lsf:" and its LSF job; "" for none. */
  private static String jobKey(StartedMarker m) {
    return !m.slurmJobId().isEmpty() ? m.slurmJobId() : !m.lsfJobId().isEmpty() ? "lsf:" + m.lsfJobId() : "";
  }

  /**
   * Whether a marker's Slurm job has a say: always when the trial runs in a job apart from its
   * launcher; otherwise (the local launcher, possibly inside a job Snakemake submitted) only when
   * its process cannot be checked from here. A local launcher that is known to be gone is gone
   * whatever the allocation around it does.
   */
  private static boolean asksSlurm(StartedMarker m, Verdict launcher) {
    return !m.slurmJobId().isEmpty() && (m.separateLauncher() || launcher.liveness() == Liveness.UNKNOWN);
  }

  private Verdict decide(StartedMarker m, Verdict launcher, Map<String, Verdict> byJob) {
    if (launcher.liveness() == Liveness.ALIVE) {
      return launcher;
    }
    String job = jobKey(m);
    if (!m.separateLauncher()) {
      return asksSlurm(m, launcher) || asksLsf(m, launcher) ? byJob.get(job) : launcher;
    }
    // srun, sbatch or bsub: the trial lives while its job does, and until the launcher that waits for it is gone.
    Verdict trial = job.isEmpty()
        ? process(m.host(), m.pid(), m.pidStart(), m.epochSecond(), "its process")
        : byJob.get(job);
    if (trial.liveness() == Liveness.UNKNOWN && !job.isEmpty() && isThisHost(m.host())) {
      Verdict pid = process(m.host(), m.pid(), m.pidStart(), m.epochSecond(), "its process");
      trial = pid.liveness() == Liveness.UNKNOWN ? trial : pid;
    }
    if (trial.liveness() == Liveness.ALIVE) {
      return trial;
    }
    Liveness both = launcher.liveness() == Liveness.GONE && trial.liveness() == Liveness.GONE
        ? Liveness.GONE : Liveness.UNKNOWN;
    return new Verdict(both, launcher.reason() + "; " + trial.reason());
  }

  /**
   * The liveness of a process on this machine.
   *
   * @param pid its id
   * @param startTicks its start time as recorded (field 22 of /proc/PID/stat), or -1 when unknown
   */
  public Liveness process(long pid, long startTicks) {
    return process(host, pid, startTicks, -1, "process").liveness();
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

  /**
   * The liveness of process {@code pid} on {@code on}; {@code what} names it in the reason ("its launcher").
   * {@code startTicks} or else {@code epochSecond} (when the marker was written) tell a reused pid apart.
   */
  private Verdict process(String on, long pid, long startTicks, long epochSecond, String what) {
    if (pid <= 0 || on.isEmpty()) {
      return new Verdict(Liveness.UNKNOWN, "its started marker names no host and pid to check");
    }
    String who = what + " (pid " + pid + " on " + on + ")";
    if (!sameHost(on, host)) {
      return new Verdict(Liveness.UNKNOWN, "started on " + on + ", which this machine (" + host + ") cannot check");
    }
    if (proc == null || !Files.isDirectory(proc)) {
      return handle(pid, epochSecond, who);
    }
    String stat;
    try {
      stat = new String(Files.readAllBytes(proc.resolve(Long.toString(pid)).resolve("stat")), StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      return new Verdict(Liveness.GONE, who + " is gone");
    } catch (IOException e) {
      // /proc/PID exists but cannot be read (another user's process under hidepid): nothing says it ended.
      return new Verdict(Liveness.UNKNOWN, who + " cannot be checked: " + proc.resolve(Long.toString(pid))
          .resolve("stat") + " cannot be read");
    }
    // proc(5): "pid (comm) state ... starttime(22) ...", where comm may itself hold spaces and parentheses.
    int close = stat.lastIndexOf(')');
    String[] fields = close < 0 ? new String[0] : stat.substring(close + 1).strip().split(" +");
    if (fields.length == 0 || fields[0].isEmpty()) {
      return new Verdict(Liveness.UNKNOWN, who + " cannot be checked: its stat has no state");
    }
    char state = fields[0].charAt(0);
    if (state == 'Z' || state == 'X' || state == 'x') {
      return new Verdict(Liveness.GONE, who + " is gone");
    }
    long started = fields.length > 19 && fields[19].matches("[0-9]{1,18}") ? Long.parseLong(fields[19]) : -1;
    if (startTicks > 0 && started >= 0 && started != startTicks) {
      return new Verdict(Liveness.GONE, who + " is gone; the pid now belongs to a newer process");
    }
    if (startTicks <= 0 && started >= 0 && epochSecond >= 0 && bootEpochSecond >= 0
        && bootEpochSecond + started / USER_HZ > epochSecond + START_SLACK_SECONDS) {
      return new Verdict(Liveness.GONE, who + " is gone; the pid now belongs to a newer process");
    }
    return Verdict.ALIVE;
  }

  /** Without /proc: the JDK's process handle, and its start time against the marker's. */
  private static Verdict handle(long pid, long epochSecond, String who) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return new Verdict(Liveness.GONE, who + " is gone");
    }
    long started = h.get().info().startInstant().map(Instant::getEpochSecond).orElse(-1L);
    if (started >= 0 && epochSecond >= 0 && started > epochSecond + START_SLACK_SECONDS) {
      return new Verdict(Liveness.GONE, who + " is gone; the pid now belongs to a newer process");
    }
    return Verdict.ALIVE;
  }

  /** When this machine booted ({@code btime} in /proc/stat), or -1. */
  private static long bootEpochSecond(Path proc) {
    if (proc == null) {
      return -1;
    }
    try {
      for (String line : Files.readAllLines(proc.resolve("stat"), StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("btime ") && line.substring(6).strip().matches("[0-9]{1,18}")) {
          return Long.parseLong(line.substring(6).strip());
        }
      }
    } catch (IOException e) {
      // no boot time: the start time cannot be compared with the marker's
    }
    return -1;
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
      if (active != null && active.containsKey(job) && ACTIVE.contains(active.get(job))) {
        out.put(job, Verdict.ALIVE);
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
      String state = ended.containsKey(job) ? ended.get(job) : active == null ? null : active.get(job);
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

  /**
   * Job id to final (or current) state of the jobs sacct knows: from the accounting database, or
   * where there is none ({@code sacct} fails), from the job completion log ({@code sacct -c}).
   */
  private Map<String, String> sacct(Path sacct, Set<String> jobs) {
    Map<String, String> states = new HashMap<>();
    for (List<String> batch : batches(jobs)) {
      String ids = String.join(",", batch);
      Result r = run(List.of(sacct.toString(), "-n", "-X", "-P", "-o", "JobIDRaw,State", "-j", ids));
      if (r.code() != 0) {
        Result c = run(List.of(sacct.toString(), "-c", "-n", "-X", "-P", "-o", "JobIDRaw,State", "-j", ids));
        if (c.code() != 0) {
          throw new RuntimeFailure("sacct failed (exit " + r.code() + "): " + firstLine(r.output()));
        }
        r = c;
      }
      parse(r.output(), "|", states);
    }
    return states;
  }

  static void parse(String output, String separator, Map<String, String> into) {
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

  static List<List<String>> batches(Set<String> jobs) {
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

  /** A finished command: its exit code and its output (stdout and stderr together). */
  record Result(int code, String output) {}

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

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl);
  }
}
