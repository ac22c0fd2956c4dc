package hbgen.trial;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The incumbent: the trial with the best objective over all finished trials (Li et al. 2018,
 * Algorithm 1 returns "the configuration with the smallest intermediate loss seen so far"); ties
 * go to the larger budget, then to the earlier bracket, stage and configuration.
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

  /** The best usable outcome, if any trial has one. */
  public static Optional<Outcome> of(List<Outcome> outcomes, Direction direction) {
    return outcomes.stream().filter(Outcome::usable).min(order(direction));
  }
}
