package hbgen.status;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The {@code started} marker run.sh writes at each attempt: lines {@code time}, {@code host},
 * {@code pid} (of run.sh itself), {@code slurm_job_id} (empty outside Slurm), {@code attempt}.
 *
 * @param epochSecond when the attempt started, or -1 when unknown
 * @param host the host run.sh ran on ("" when unknown)
 * @param pid run.sh's process id, or -1 when unknown
 * @param slurmJobId the Slurm job run.sh ran in ("" when none)
 * @param attempt the attempt number, or 0 when unknown
 */
public record StartedMarker(long epochSecond, String host, long pid, String slurmJobId, int attempt) {
  /** Parses the marker's text; fields that are missing or malformed read as unknown. */
  public static StartedMarker parse(String text) {
    long time = -1;
    String host = "";
    long pid = -1;
    String job = "";
    int attempt = 0;
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
        case "slurm_job_id" -> job = value.matches("[0-9]+(_[0-9]+)?") ? value : "";
        case "attempt" -> attempt = (int) Math.max(0, Math.min(Integer.MAX_VALUE, positive(value)));
        default -> { }
      }
    }
    return new StartedMarker(time, host, pid, job, attempt);
  }

  /** Who ran the attempt, in words, e.g. {@code pid 4242 on node1, Slurm job 17}. */
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
