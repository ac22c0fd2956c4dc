package hbgen.trial;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The incumbent under an {@link Incumbent} rule: the one implementation that best.yaml, status,
 * {@code hbgen best} and the report use. Among the candidates, the better objective wins; ties go
 * to the larger budget, then to the earlier bracket, stage and configuration. Only usable
 * (finite) objectives are candidates: a failed trial never makes its budget the largest.
 *
 * <p>An instance follows the incumbent as trials finish one by one (the report's "best so far"
 * curve); {@link #of} feeds it a whole list.
 */
public final class Best {
  private final Comparator<Outcome> order;
  private final Incumbent rule;
  /** The best usable outcome at each budget seen so far. */
  private final TreeMap<Double, Outcome> byBudget = new TreeMap<>();
  private Outcome overall;

  /** An empty incumbent: nothing finished yet. */
  public Best(Direction direction, Incumbent rule) {
    this.order = order(direction);
    this.rule = rule;
  }

  /** The order used: better objective, larger budget, then trial id. */
  public static Comparator<Outcome> order(Direction direction) {
    return (a, b) -> {
      int c = direction.compare(a.objective(), b.objective());
      if (c != 0) {
        return c;
      }
      c = Double.compare(b.budget(), a.budget());
      return c != 0 ? c : a.id().compareTo(b.id());
    };
  }

  /** The best usable outcome under {@code rule}, if any trial has one. */
  public static Optional<Outcome> of(List<Outcome> outcomes, Direction direction, Incumbent rule) {
    Best best = new Best(direction, rule);
    outcomes.forEach(best::add);
    return best.current();
  }

  /** Counts a finished trial; one without a usable objective changes nothing. */
  public void add(Outcome o) {
    if (!o.usable()) {
      return;
    }
    byBudget.merge(o.budget(), o, (a, b) -> order.compare(a, b) <= 0 ? a : b);
    if (overall == null || order.compare(o, overall) < 0) {
      overall = o;
    }
  }

  /** The incumbent of the trials added so far, if any of them is usable. */
  public Optional<Outcome> current() {
    if (byBudget.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(rule == Incumbent.TOP_BUDGET ? byBudget.lastEntry().getValue() : overall);
  }
}
