package hbgen.status;

import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many trial slots are in each state; every state is present, zero or not. */
public record Counts(long[] byState) {
  private static final TrialState[] STATES = TrialState.values();

  public Counts {
    if (byState.length != STATES.length) {
      throw new IllegalArgumentException("counts need one number per state, had " + byState.length);
    }
    byState = byState.clone();
  }

  /** Counts of a set of trials. */
  public static Counts of(Collection<TrialSnapshot> trials) {
    long[] n = new long[STATES.length];
    for (TrialSnapshot t : trials) {
      n[t.state().ordinal()]++;
    }
    return new Counts(n);
  }

  /** The sum of several counts. */
  public static Counts sum(Collection<Counts> parts) {
    long[] n = new long[STATES.length];
    for (Counts c : parts) {
      for (int i = 0; i < n.length; i++) {
        n[i] += c.byState[i];
      }
    }
    return new Counts(n);
  }

  /** Slots in one state. */
  public long get(TrialState state) {
    return byState[state.ordinal()];
  }

  /** All slots. */
  public long total() {
    return Arrays.stream(byState).sum();
  }

  /** Slots with their final result: completed, failed or skipped. */
  public long finished() {
    return get(TrialState.COMPLETED) + get(TrialState.FAILED) + get(TrialState.SKIPPED);
  }

  /** State label to count, in the order of {@link TrialState}. */
  public Map<String, Long> asMap() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (TrialState s : STATES) {
      m.put(s.label(), get(s));
    }
    return m;
  }

  @Override public boolean equals(Object o) {
    return o instanceof Counts c && Arrays.equals(byState, c.byState);
  }

  @Override public int hashCode() {
    return Arrays.hashCode(byState);
  }

  @Override public String toString() {
    return asMap().toString();
  }
}
