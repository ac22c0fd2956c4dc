package hbgen.search;

import hbgen.trial.FailureKind;
import hbgen.trial.Metrics;
import hbgen.trial.TrialId;

/**
 * What one trial directory holds, read once by {@link TrialFiles}: which markers exist and what
 * they say. Fields of absent markers are null. Deciding the trial's state and value from this is
 * {@link SearchView}'s job, not the record's.
 *
 * @param id the trial
 * @param dir whether its directory exists and could be listed
 * @param problem why the directory could not be listed ("" unless {@code dir} is UNREADABLE)
 * @param markers which marker files exist
 * @param configText the configuration's text, or null (absent, or not asked for)
 * @param promotedFrom the trial named by {@code promoted-from}, or null (absent or not a trial path)
 * @param started the {@code started} marker, or null (absent or unreadable)
 * @param failed the {@code failed} marker, or null (absent); an unreadable one reads as kind other
 * @param skippedReason the {@code skipped} marker's reason, or null (absent)
 * @param result the {@code result} as read, or null (absent)
 */
public record TrialRecord(TrialId id, Dir dir, String problem, Markers markers, String configText,
    TrialId promotedFrom, StartedMarker started, FailedMarker failed, String skippedReason, Result result) {
  public TrialRecord {
    if (id == null || dir == null || markers == null) {
      throw new IllegalArgumentException("a trial record needs an id, a directory state and markers");
    }
    problem = problem == null ? "" : problem;
  }

  /** The record of a trial whose directory does not exist. */
  public static TrialRecord missing(TrialId id) {
    return new TrialRecord(id, Dir.MISSING, "", Markers.NONE, null, null, null, null, null, null);
  }

  /** Whether the trial directory exists and could be listed. */
  public enum Dir { PRESENT, MISSING, UNREADABLE }

  /**
   * The marker files present in a trial directory.
   *
   * @param result {@code result} (the trial is finished)
   * @param failed {@code failed} (the launcher gave up on it)
   * @param skipped {@code skipped} (an empty promotion slot)
   * @param started {@code started} (a launcher began an attempt)
   * @param config {@code config} (the slot has its configuration)
   * @param promotedFrom {@code promoted-from}
   */
  public record Markers(boolean result, boolean failed, boolean skipped, boolean started, boolean config,
      boolean promotedFrom) {
    /** No markers at all (a missing directory). */
    public static final Markers NONE = new Markers(false, false, false, false, false, false);

    /** Markers named by a directory listing's file names. */
    public static Markers of(String[] names) {
      boolean[] m = new boolean[6];
      for (String n : names) {
        switch (n) {
          case Layout.RESULT -> m[0] = true;
          case Layout.FAILED -> m[1] = true;
          case Layout.SKIPPED -> m[2] = true;
          case Layout.STARTED -> m[3] = true;
          case Layout.CONFIG -> m[4] = true;
          case Layout.PROMOTED_FROM -> m[5] = true;
          default -> { }
        }
      }
      return new Markers(m[0], m[1], m[2], m[3], m[4], m[5]);
    }
  }

  /**
   * A {@code result} file as read: its metrics, or why it has none.
   *
   * @param modifiedMillis its modification time (0 when unknown)
   * @param metrics what it says, or null when it could not be read or parsed
   * @param problem why there are no metrics ("" when there are)
   * @param kind the failure kind of that problem (null when there are metrics)
   */
  public record Result(long modifiedMillis, Metrics metrics, String problem, FailureKind kind) {
    public Result {
      if ((metrics == null) == (problem == null || problem.isEmpty())) {
        throw new IllegalArgumentException("a result has either metrics or a problem");
      }
      problem = problem == null ? "" : problem;
      kind = metrics == null ? kind == null ? FailureKind.UNPARSEABLE : kind : null;
    }
  }
}
