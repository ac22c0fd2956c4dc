package hbgen.model;

import hbgen.trial.Direction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The good and the bad density of one budget (BOHB's l(x) and g(x)), fitted as HpBandSter's
 * {@code new_result} does: the observations of the budget ranked best first (failures last, ties by
 * input order), the best max(min_points, top_n_percent %) of them good, the next max(min_points,
 * (100 - top_n_percent) %) bad, and no model unless both sets have more points than dimensions.
 */
record BudgetModel(double budget, Kde good, Kde bad) {
  /**
   * The model of the largest budget that has enough observations, or empty when none has (the
   * sampler then draws at random). Inactive coordinates are imputed with {@code rng}.
   */
  static Optional<BudgetModel> fit(BohbEncoding encoding, List<Observation> observations, Direction direction,
      BohbSettings settings, RandomGenerator rng) {
    int d = encoding.dimensions();
    if (d == 0) {
      return Optional.empty();
    }
    TreeMap<Double, List<Integer>> byBudget = new TreeMap<>();
    for (int i = 0; i < observations.size(); i++) {
      byBudget.computeIfAbsent(observations.get(i).budget(), b -> new ArrayList<>()).add(i);
    }
    int minPoints = settings.minPoints(d);
    for (Map.Entry<Double, List<Integer>> e : byBudget.descendingMap().entrySet()) {
      List<Integer> ranked = new ArrayList<>(e.getValue());
      ranked.sort(Comparator.comparing((Integer i) -> observations.get(i), (a, b) -> better(direction, a, b)));
      int n = ranked.size();
      if (n < minPoints) {
        continue;
      }
      int nGood = Math.min(n, Math.max(minPoints, settings.topNPercent() * n / 100));
      int nBad = Math.min(n - nGood, Math.max(minPoints, (100 - settings.topNPercent()) * n / 100));
      if (nGood <= d || nBad <= d) {
        continue;
      }
      double[][] good = points(encoding, observations, ranked.subList(0, nGood));
      double[][] bad = points(encoding, observations, ranked.subList(nGood, nGood + nBad));
      int[] levels = new int[d];
      for (int j = 0; j < d; j++) {
        levels[j] = encoding.levels(j);
      }
      impute(good, levels, rng);
      impute(bad, levels, rng);
      return Optional.of(new BudgetModel(e.getKey(), Kde.fit(good, levels, settings.minBandwidth(), settings.priorWeight()),
          Kde.fit(bad, levels, settings.minBandwidth(), settings.priorWeight())));
    }
    return Optional.empty();
  }

  /** Better first; a failure is worse than every number in both directions. */
  private static int better(Direction direction, Observation a, Observation b) {
    return direction.compare(a.failed() ? Double.NaN : a.objective(), b.failed() ? Double.NaN : b.objective());
  }

  private static double[][] points(BohbEncoding encoding, List<Observation> observations, List<Integer> rows) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = encoding.encode(observations.get(rows.get(i)).params());
    }
    return out;
  }

  /**
   * Fills each inactive (NaN) coordinate as HpBandSter's {@code impute_conditional_data} does: with
   * the value of a random point of the same set where it is active, else with a random value.
   */
  static void impute(double[][] points, int[] levels, RandomGenerator rng) {
    for (int j = 0; j < levels.length; j++) {
      List<Double> donors = new ArrayList<>();
      for (double[] p : points) {
        if (!Double.isNaN(p[j])) {
          donors.add(p[j]);
        }
      }
      for (double[] p : points) {
        if (Double.isNaN(p[j])) {
          p[j] = !donors.isEmpty() ? donors.get(rng.nextInt(donors.size()))
              : levels[j] == 0 ? rng.nextDouble() : rng.nextInt(levels[j]);
        }
      }
    }
  }

  /** log l(x) - log g(x): BOHB ranks candidates by this ratio (the expected-improvement proxy of TPE). */
  double score(double[] x) {
    return good.logDensity(x) - bad.logDensity(x);
  }
}
