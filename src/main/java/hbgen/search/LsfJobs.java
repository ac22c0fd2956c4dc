package hbgen.search;

import hbgen.error.RuntimeFailure;
import hbgen.search.ProcessProbe.Result;
import hbgen.search.ProcessProbe.Verdict;
import hbgen.trial.TrialState.Liveness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ProcessProbe}'s look-up of LSF jobs (the bsub launcher's): one {@code bjobs -noheader -o
 * "jobid stat" ID ...} call per batch of jobs. A job in PEND, RUN or a suspended state is alive; one
 * that is DONE or EXIT, or that bjobs does not find ({@code Job <id> is not found}: finished longer
 * ago than LSF's CLEAN_PERIOD), is gone; anything else (UNKWN: its host lost contact) is unknown.
 */
final class LsfJobs {
  /** LSF job states in which the job's processes may still run or start (bjobs(1), STAT). */
  private static final Set<String> ACTIVE = Set.of("PEND", "RUN", "USUSP", "SSUSP", "PSUSP", "WAIT", "PROV");
  /** LSF job states of a job that has ended. */
  private static final Set<String> ENDED = Set.of("DONE", "EXIT", "ZOMBI");
  private static final Pattern NOT_FOUND = Pattern.compile("^Job <([0-9]+)> is not found");

  private final Path bjobs;
  private final Function<List<String>, Result> run;

  /**
   * @param bjobs the bjobs program, or null when it is not on PATH
   * @param run runs a command within the probe's time limit (throws {@link RuntimeFailure})
   */
  LsfJobs(Path bjobs, Function<List<String>, Result> run) {
    this.bjobs = bjobs;
    this.run = run;
  }

  /** The verdict of each job. */
  Map<String, Verdict> verdicts(Set<String> jobs) {
    Map<String, Verdict> out = new HashMap<>();
    for (List<String> batch : ProcessProbe.batches(jobs)) {
      Map<String, String> states = new HashMap<>();
      Set<String> notFound = new LinkedHashSet<>();
      String problem = bjobs == null ? "bjobs is not on PATH" : null;
      if (bjobs != null) {
        try {
          List<String> cmd = new ArrayList<>(List.of(bjobs.toString(), "-noheader", "-o", "jobid stat"));
          cmd.addAll(batch);
          Result r = run.apply(cmd);
          for (String line : r.output().split("\n")) {
            Matcher gone = NOT_FOUND.matcher(line.strip());
            if (gone.find()) {
              notFound.add(gone.group(1));
            }
          }
          ProcessProbe.parse(r.output(), " ", states);
          // bjobs exits 255 when a job is not found (LSB_BJOBS_CONSISTENT_EXIT_CODE): not a failure then.
          if (r.code() != 0 && states.isEmpty() && notFound.isEmpty()) {
            problem = "bjobs failed (exit " + r.code() + "): " + ProcessProbe.firstLine(r.output());
          }
        } catch (RuntimeFailure e) {
          problem = e.getMessage();
        }
      }
      for (String job : batch) {
        out.put(job, verdict(job, states.get(job), notFound.contains(job), problem));
      }
    }
    return out;
  }

  private static Verdict verdict(String job, String state, boolean notFound, String problem) {
    if (problem != null) {
      return new Verdict(Liveness.UNKNOWN, "LSF job " + job + " cannot be checked (" + problem + ")");
    } else if (state != null && ACTIVE.contains(state)) {
      return Verdict.ALIVE;
    } else if (state != null && ENDED.contains(state)) {
      return new Verdict(Liveness.GONE, "LSF job " + job + " ended: " + state);
    } else if (state == null && notFound) {
      return new Verdict(Liveness.GONE, "LSF job " + job + " is gone");
    }
    return new Verdict(Liveness.UNKNOWN, "LSF job " + job + (state == null ? " is not listed by bjobs" : " is " + state));
  }
}
