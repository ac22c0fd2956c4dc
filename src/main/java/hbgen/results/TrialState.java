package hbgen.results;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a trial slot stands, read from its files: finished (completed, failed, skipped), started
 * but without a result (running, or interrupted), waiting to run, or waiting for the promotion
 * that gives it a configuration.
 */
public enum TrialState {
  /** A valid result. */
  COMPLETED,
  /** A {@code failed} marker: every attempt failed; the result is nan. */
  FAILED,
  /** A promotion slot left empty (too few finished trials in the stage before). */
  SKIPPED,
  /** A {@code started} marker without a result: running now, or interrupted. */
  STARTED,
  /** A configuration and nothing else yet. */
  PENDING,
  /** A stage J>0 slot whose promotion has not happened yet. */
  UNPROMOTED;

  /** The lower-case name used in tables and on the command line. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the trial is done (its result will not change unless it is rerun). */
  public boolean finished() {
    return this == COMPLETED || this == FAILED || this == SKIPPED;
  }

  /** Parses a label, or throws naming the accepted ones. */
  public static TrialState of(String label) {
    for (TrialState s : values()) {
      if (s.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown trial state '" + label + "' (expected one of " + labels() + ")");
  }

  /** Every label, comma-separated, in declaration order. */
  public static String labels() {
    return Arrays.stream(values()).map(TrialState::label).collect(Collectors.joining(", "));
  }
}
