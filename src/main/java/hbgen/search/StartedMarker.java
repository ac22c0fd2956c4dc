package hbgen.search;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code started} marker run.sh writes at each attempt: lines {@code time}, {@code host},
 * {@code pid} and {@code pid_start} of the process that runs the trial, {@code slurm_job_id}
 * (empty outside Slurm), {@code attempt}, and {@code launcher_host}, {@code launcher_pid},
 * {@code launcher_start} of the run.sh that an engine started. With the local launcher both are
 * the same process. With srun or sbatch, the part of run.sh inside the job rewrites the marker with
 * its own host, pid and job, and keeps the launcher lines: the run.sh on the submitting host, which
 * waits for {@code srun} or {@code sbatch --wait} and then records the trial. Start times are
 * field 22 of {@code /proc/PID/stat} (clock ticks since boot), which tell a reused pid apart. With
 * bsub, the part inside the LSF job adds {@code lsf_job_id}.
 *
 * @param epochSecond when the attempt started, or -1 when unknown
 * @param host the host the trial's process runs on ("" when unknown)
 * @param pid the trial's process id (run.sh, or its part inside a Slurm job), or -1 when unknown
 * @param pidStart the start time of {@code pid} in clock ticks since boot, or -1 when unknown
 * @param slurmJobId the Slurm job run.sh ran in ("" when none)
 * @param attempt the attempt number, or 0 when unknown
 * @param launcherHost the host of the run.sh an engine started ("" when not recorded)
 * @param launcherPid that run.sh's process id, or -1 when not recorded
 * @param launcherStart its start time in clock ticks since boot, or -1 when unknown
 * @param lsfJobId the LSF job run.sh ran in ("" when none)
 */
public record StartedMarker(long epochSecond, String host, long pid, long pidStart, String slurmJobId, int attempt,
    String launcherHost, long launcherPid, long launcherStart, String lsfJobId) {
  /** A marker without an LSF job. */
  public StartedMarker(long epochSecond, String host, long pid, long pidStart, String slurmJobId, int attempt,
      String launcherHost, long launcherPid, long launcherStart) {
    this(epochSecond, host, pid, pidStart, slurmJobId, attempt, launcherHost, launcherPid, launcherStart, "");
  }

  /** A marker of a process without a separate launcher (as markers were before launcher lines). */
  public StartedMarker(long epochSecond, String host, long pid, String slurmJobId, int attempt) {
    this(epochSecond, host, pid, -1, slurmJobId, attempt, "", -1, -1);
  }

  /** Parses the marker's text; fields that are missing or malformed read as unknown. */
  public static StartedMarker parse(String text) {
    long time = -1;
    String host = "";
    long pid = -1;
    long pidStart = -1;
    String job = "";
    int attempt = 0;
    String launcherHost = "";
    long launcherPid = -1;
    long launcherStart = -1;
    String lsfJob = "";
    for (String line : text.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "time" -> time = epochSecond(value);
        case "host" -> host = value;
        case "pid" -> pid = positive(value);
        case "pid_start" -> pidStart = positive(value);
        case "slurm_job_id" -> job = value.matches("[0-9]+(_[0-9]+)?") ? value : "";
        case "attempt" -> attempt = (int) Math.max(0, Math.min(Integer.MAX_VALUE, positive(value)));
        case "launcher_host" -> launcherHost = value;
        case "launcher_pid" -> launcherPid = positive(value);
        case "launcher_start" -> launcherStart = positive(value);
        case "lsf_job_id" -> lsfJob = value.matches("[0-9]{1,18}") ? value : "";
        default -> { }
      }
    }
    return new StartedMarker(time, host, pid, pidStart, job, attempt, launcherHost, launcherPid, launcherStart, lsfJob);
  }

  /** Whether the marker names a launcher apart from the trial's process (srun, sbatch or bsub). */
  public boolean separateLauncher() {
    return launcherPid > 0 && !launcherHost.isEmpty()
        && (launcherPid != pid || !launcherHost.equalsIgnoreCase(host));
  }

  /** Who ran the attempt, in words, e.g. {@code pid 4242 on node1, Slurm job 17, launched by pid 17 on login1}. */
  public String launcher() {
    StringBuilder s = new StringBuilder();
    if (pid > 0) {
      s.append("pid ").append(pid);
    }
    if (!host.isEmpty()) {
      s.append(s.length() > 0 ? " on " : "host ").append(host);
    }
    if (!slurmJobId.isEmpty()) {
      s.append(s.length() > 0 ? ", " : "").append("Slurm job ").append(slurmJobId);
    }
    if (!lsfJobId.isEmpty()) {
      s.append(s.length() > 0 ? ", " : "").append("LSF job ").append(lsfJobId);
    }
    if (separateLauncher()) {
      s.append(s.length() > 0 ? ", " : "").append("launched by pid ").append(launcherPid).append(" on ")
          .append(launcherHost);
    }
    return s.toString();
  }

  private static long positive(String s) {
    try {
      long v = Long.parseLong(s);
      return v > 0 ? v : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long epochSecond(String s) {
    try {
      return Instant.parse(s).getEpochSecond();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }
}
