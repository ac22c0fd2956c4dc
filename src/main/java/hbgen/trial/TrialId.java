package hbgen.trial;

import java.util.Comparator;

/** Where a trial sits in a search: bracket, stage and configuration slot. */
public record TrialId(int bracket, int stage, long config) implements Comparable<TrialId> {
  private static final Comparator<TrialId> ORDER = Comparator.comparingInt(TrialId::bracket)
      .thenComparingInt(TrialId::stage)
      .thenComparingLong(TrialId::config);

  public TrialId {
    if (bracket < 0 || stage < 0 || config < 0) {
      throw new IllegalArgumentException("trial ids are >= 0, was " + bracket + "/" + stage + "/" + config);
    }
  }

  /**
   * The trial's name, e.g. {@code bracket-0/stage-1/config-2}: also its directory relative to the
   * search root (hbgen.search.Layout parses it and builds every other path).
   */
  public String path() {
    return "bracket-" + bracket + "/stage-" + stage + "/config-" + config;
  }

  @Override public int compareTo(TrialId o) {
    return ORDER.compare(this, o);
  }
}
