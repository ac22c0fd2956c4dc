package hbgen.trial;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The incumbent under an {@link Incumbent} rule: the one implementation that best.yaml, status,
 * {@code hbgen best} and the report use. Among the candidates, the better objective wins; ties go
 * to the larger budget, then to the earlier bracket, stage and configuration. Only usable
 * (finite) objectives are candidates: a failed trial never names the top budget.
 */
public final class Best {
  private Best() {}

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
    if (rule == Incumbent.TOP_BUDGET) {
      double top = outcomes.stream().filter(Outcome::usable).mapToDouble(Outcome::budget).max().orElse(Double.NaN);
      return outcomes.stream().filter(o -> o.usable() && o.budget() == top).min(order(direction));
    }
    return outcomes.stream().filter(Outcome::usable).min(order(direction));
  }
}
