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

  /**
   * The iteration of Hyperband's outer loop a bracket belongs to: iteration k holds brackets
   * k (S_MAX+1) to k (S_MAX+1) + S_MAX ({@link Hyperband}). Always 0 for random and grid searches.
   */
  public int iteration(Bracket bracket) {
    return bracket.index() / (sMax + 1);
  }

  /** Number of iterations of the outer loop the plan spans (1 unless planned with --iterations). */
  public int iterations() {
    return brackets.stream().mapToInt(this::iteration).max().orElse(0) + 1;
  }

  /** The brackets of iteration {@code k}, in order. */
  public List<Bracket> brackets(int k) {
    return brackets.stream().filter(b -> iteration(b) == k).toList();
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
