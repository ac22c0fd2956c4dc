package hbgen.plan;

import java.util.List;

/**
 * A planned search: brackets of stages plus the parameters they came from.
 *
 * @param sMax S_MAX (0 for random and grid searches)
 * @param eta ETA, the promotion ratio (keep 1/eta of each stage)
 * @param guaranteedBudget G, added to every stage's budget
 * @param brackets the brackets kept (all, or those chosen with --bracket)
 */
public record Plan(int sMax, int eta, double guaranteedBudget, List<Bracket> brackets) {
  public Plan {
    if (sMax < 0) {
      throw new IllegalArgumentException("S_MAX must be >= 0, was " + sMax);
    }
    if (eta < 2) {
      throw new IllegalArgumentException("ETA must be >= 2, was " + eta);
    }
    if (!(guaranteedBudget >= 0) || Double.isInfinite(guaranteedBudget)) {
      throw new IllegalArgumentException("guaranteed budget must be >= 0, was " + guaranteedBudget);
    }
    brackets = List.copyOf(brackets);
    if (brackets.isEmpty()) {
      throw new IllegalArgumentException("a plan needs at least one bracket");
    }
  }

  /** The bracket with this index, which need not be its position in the list. */
  public Bracket bracket(int index) {
    return brackets.stream()
        .filter(b -> b.index() == index)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no bracket " + index + " in this plan"));
  }

  /** Stage-0 configurations over all brackets: what has to be sampled. */
  public long sampledConfigs() {
    return brackets.stream().mapToLong(b -> b.stages().get(0).configs()).sum();
  }

  /** Trials over all brackets and stages. */
  public long trials() {
    return brackets.stream().mapToLong(Bracket::trials).sum();
  }
}
