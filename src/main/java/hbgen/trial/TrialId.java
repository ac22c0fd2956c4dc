package hbgen.trial;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where a trial sits in a search: bracket, stage and configuration slot. */
public record TrialId(int bracket, int stage, long config) implements Comparable<TrialId> {
  private static final Pattern PATH = Pattern.compile("bracket-(\\d+)/stage-(\\d+)/config-(\\d+)/?");
  private static final Comparator<TrialId> ORDER = Comparator.comparingInt(TrialId::bracket)
      .thenComparingInt(TrialId::stage)
      .thenComparingLong(TrialId::config);

  public TrialId {
    if (bracket < 0 || stage < 0 || config < 0) {
      throw new IllegalArgumentException("trial ids are >= 0, was " + bracket + "/" + stage + "/" + config);
    }
  }

  /** The trial directory relative to the search root, e.g. {@code bracket-0/stage-1/config-2}. */
  public String path() {
    return "bracket-" + bracket + "/stage-" + stage + "/config-" + config;
  }

  /** Parses {@link #path()}. */
  public static TrialId parse(String path) {
    Matcher m = PATH.matcher(path.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a trial path (bracket-I/stage-J/config-K): " + path);
    }
    return new TrialId(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
  }

  @Override public int compareTo(TrialId o) {
    return ORDER.compare(this, o);
  }
}
