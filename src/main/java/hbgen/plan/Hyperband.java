package hbgen.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Hyperband's bracket schedule in exact integer arithmetic (Li et al., "Hyperband: A Novel
 * Bandit-Based Approach to Hyperparameter Optimization", JMLR 18, 2018, Algorithm 1).
 *
 * <p>{@code R = ETA^S_MAX}; bracket i uses {@code s = S_MAX - i}, {@code n = ceil((S_MAX+1) ETA^s /
 * (s+1))}, {@code r = R / ETA^s}, and stage j keeps {@code floor(n / ETA^j)} configurations at
 * budget {@code r ETA^j}. No logarithm is ever taken: float logs lose a bracket at R=243, ETA=3.
 *
 * <p>Algorithm 1 is one iteration of Hyperband's outer loop; Li et al. repeat it until the budget
 * is spent. With K iterations, iteration k's bracket i gets the index {@code k (S_MAX+1) + i}, so
 * that bracket directories stay {@code bracket-I} with I numbered on across iterations.
 */
public final class Hyperband {
  private Hyperband() {}

  /** Most iterations of the outer loop a plan may have. */
  public static final int MAX_ITERATIONS = 10_000;

  /** One iteration of the outer loop: {@link #plan(int, int, double, Set, int, int)} with K = 1. */
  public static Plan plan(int sMax, int eta, double guaranteedBudget, Set<Integer> onlyBrackets, int lastStage) {
    return plan(sMax, eta, guaranteedBudget, onlyBrackets, lastStage, 1);
  }

  /**
   * Plans all brackets of {@code iterations} iterations, then keeps in every iteration the brackets
   * listed in {@code onlyBrackets} (by i in 0..S_MAX; all when empty) and cuts every bracket after
   * {@code lastStage} (no cut when negative).
   */
  public static Plan plan(int sMax, int eta, double guaranteedBudget, Set<Integer> onlyBrackets, int lastStage,
      int iterations) {
    if (sMax < 0) {
      throw new IllegalArgumentException("S_MAX must be >= 0, was " + sMax);
    }
    if (eta < 2) {
      throw new IllegalArgumentException("ETA must be >= 2, was " + eta);
    }
    for (int b : onlyBrackets) {
      if (b < 0 || b > sMax) {
        throw new IllegalArgumentException("--bracket must be between 0 and S_MAX=" + sMax + ", was " + b);
      }
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("--iterations must be between 1 and " + MAX_ITERATIONS + ", was " + iterations);
    }
    long r = power(eta, sMax, "R = ETA^S_MAX");
    List<Bracket> brackets = new ArrayList<>();
    for (int k = 0; k < iterations; k++) {
      brackets.addAll(iteration(sMax, eta, guaranteedBudget, onlyBrackets, lastStage, r, k * (sMax + 1)));
    }
    return new Plan(sMax, eta, guaranteedBudget, brackets);
  }

  /** The brackets of one iteration, indexed from {@code first}. */
  private static List<Bracket> iteration(int sMax, int eta, double guaranteedBudget, Set<Integer> onlyBrackets,
      int lastStage, long r, int first) {
    List<Bracket> brackets = new ArrayList<>();
    for (int i = 0; i <= sMax; i++) {
      if (!onlyBrackets.isEmpty() && !onlyBrackets.contains(i)) {
        continue;
      }
      int s = sMax - i;
      long etaS = power(eta, s, "ETA^s");
      long n = ceilDiv(Math.multiplyExact((long) sMax + 1, etaS), s + 1L);
      long r0 = r / etaS;
      int stages = lastStage < 0 ? s + 1 : Math.min(s + 1, lastStage + 1);
      List<Stage> list = new ArrayList<>();
      long etaJ = 1;
      double previous = 0;
      for (int j = 0; j < stages; j++) {
        long nj = n / etaJ;
        double budget = Math.multiplyExact(r0, etaJ) + guaranteedBudget;
        list.add(new Stage(j, nj, budget, previous));
        previous = budget;
        etaJ = Math.multiplyExact(etaJ, eta);
      }
      brackets.add(new Bracket(first + i, s, list));
    }
    return brackets;
  }

  /**
   * A plan of one bracket with one stage of {@code configs} trials at {@code budget}: random and
   * grid search in the same directory format.
   */
  public static Plan singleStage(long configs, double budget) {
    return new Plan(0, 2, 0, List.of(new Bracket(0, 0, List.of(new Stage(0, configs, budget, 0)))));
  }

  /** {@code base^exp} in longs, failing with a message that names the quantity on overflow. */
  static long power(long base, int exp, String what) {
    long result = 1;
    for (int k = 0; k < exp; k++) {
      try {
        result = Math.multiplyExact(result, base);
      } catch (ArithmeticException e) {
        throw new ArithmeticException(what + " overflows a 64-bit integer (" + base + "^" + exp + ")");
      }
    }
    return result;
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
