package hbgen.model;

import hbgen.space.Draws;
import hbgen.space.Seeds;
import hbgen.space.Space;
import hbgen.trial.Direction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * BOHB's configuration model (Falkner, Klein, Hutter, ICML 2018; HpBandSter's
 * {@code config_generators/bohb.py}) as a pure function: observations in, proposals out. The good
 * and bad densities of the largest budget with enough observations rank candidates drawn around good
 * points by l(x)/g(x); a fraction of proposals, and all of them while no budget has a model, are
 * drawn from the space's prior. Every proposal differs from every earlier configuration and from the
 * others of its batch. The same inputs and the same generator state give the same proposals.
 *
 * <p>Prior draws come from the space's own {@link Draws}, seeded with the generator's first long,
 * so that a model-free batch is exactly what random search would draw given the same seed, and
 * repeats are redrawn there (in a finite space that is nearly used up, among the points left).
 */
public final class BohbSampler {
  /** Random draws tried for one proposal before the space is declared used up. */
  private static final int MAX_RANDOM_TRIES = 1_000;

  private final BohbEncoding encoding;
  private final BohbSettings settings;

  public BohbSampler(Space space, BohbSettings settings) {
    if (space == null || settings == null) {
      throw new IllegalArgumentException("a sampler needs a space and settings");
    }
    this.encoding = BohbEncoding.of(space);
    this.settings = settings;
  }

  /** The encoding the sampler models in. */
  public BohbEncoding encoding() {
    return encoding;
  }

  /**
   * Proposes {@code count} configurations (parameters of the space only, in declaration order).
   *
   * @param observations finished and failed trials, at any budgets; their order breaks ties
   * @param earlier configurations proposed before whose results are not in yet (e.g. running)
   * @param rng the only source of randomness
   * @throws IllegalArgumentException when an observation does not fit the space, or the space has
   *     fewer distinct configurations left than asked for
   */
  public List<Map<String, Object>> propose(List<Observation> observations, Collection<Map<String, Object>> earlier,
      Direction direction, int count, RandomGenerator rng) {
    return proposeBatch(observations, earlier, direction, count, rng).configs();
  }

  /**
   * A batch of proposals with where each came from.
   *
   * @param configs the proposed configurations, in order
   * @param fromModel per configuration: ranked by the model (true) or drawn from the prior
   * @param modelBudget the budget whose model ranked candidates, if any had enough observations
   */
  public record Proposals(List<Map<String, Object>> configs, List<Boolean> fromModel, OptionalDouble modelBudget) {
    public Proposals {
      configs = List.copyOf(configs);
      fromModel = List.copyOf(fromModel);
      if (configs.size() != fromModel.size()) {
        throw new IllegalArgumentException("one origin per proposal");
      }
    }
  }

  /** {@link #propose}, saying which proposals the model ranked and which budget's model it was. */
  public Proposals proposeBatch(List<Observation> observations, Collection<Map<String, Object>> earlier,
      Direction direction, int count, RandomGenerator rng) {
    if (count < 0) {
      throw new IllegalArgumentException("proposal count must be >= 0, was " + count);
    }
    if (direction == null || rng == null) {
      throw new IllegalArgumentException("proposals need a direction and a generator");
    }
    List<Observation> observed = List.copyOf(observations);
    Draws draws = new Draws(encoding.space(), new Seeds(rng.nextLong()), false);
    Set<Map<String, Object>> seen = new HashSet<>();
    for (int i = 0; i < observed.size(); i++) {
      remember(canonical("observation " + i, observed.get(i).params()), seen, draws);
    }
    int e = 0;
    for (Map<String, Object> p : earlier) {
      remember(canonical("earlier configuration " + e++, p), seen, draws);
    }
    Optional<BudgetModel> model = BudgetModel.fit(encoding, observed, direction, settings, rng);
    List<Map<String, Object>> out = new ArrayList<>(count);
    List<Boolean> origins = new ArrayList<>(count);
    long nextDraw = 0;
    for (int k = 0; k < count; k++) {
      Map<String, Object> p = null;
      if (model.isPresent() && !(rng.nextDouble() < settings.randomFraction())) {
        p = fromModel(model.get(), seen, rng);
      }
      origins.add(p != null);
      for (int tries = 0; p == null; tries++) {
        if (tries == MAX_RANDOM_TRIES) {
          throw new IllegalArgumentException("could not propose a configuration distinct from the " + seen.size()
              + " before it: the search space is too small");
        }
        Map<String, Object> drawn = encoding.canonical(draws.draw(0, nextDraw++));
        p = seen.contains(drawn) ? null : drawn;
      }
      remember(p, seen, draws);
      out.add(p);
    }
    return new Proposals(out, origins, model.map(m -> OptionalDouble.of(m.budget())).orElse(OptionalDouble.empty()));
  }

  /** The budget whose model would rank candidates for these observations, if any has enough. */
  public OptionalDouble modelBudget(List<Observation> observations, Direction direction, RandomGenerator rng) {
    return BudgetModel.fit(encoding, List.copyOf(observations), direction, settings, rng)
        .map(m -> OptionalDouble.of(m.budget())).orElse(OptionalDouble.empty());
  }

  /** The configuration as the space draws it; a value that does not fit says which input it came from. */
  private Map<String, Object> canonical(String what, Map<String, Object> params) {
    try {
      return encoding.canonical(params);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  private static void remember(Map<String, Object> p, Set<Map<String, Object>> seen, Draws draws) {
    seen.add(p);
    draws.remember(p);
  }

  /**
   * The best of {@code num_samples} candidates drawn around good points that is not a configuration
   * seen before; null when every candidate was.
   */
  private Map<String, Object> fromModel(BudgetModel model, Set<Map<String, Object>> seen, RandomGenerator rng) {
    int n = settings.numSamples();
    double[][] candidates = new double[n][];
    double[] scores = new double[n];
    for (int i = 0; i < n; i++) {
      candidates[i] = model.good().drawNear(rng.nextInt(model.good().size()), settings.bandwidthFactor(), rng);
      scores[i] = model.score(candidates[i]);
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // Best score first; equal scores (and NaN, last) keep draw order: Arrays.sort on objects is stable.
    java.util.Arrays.sort(order, (a, b) -> Double.compare(key(scores[b]), key(scores[a])));
    for (int i : order) {
      Map<String, Object> p = encoding.decode(candidates[i]);
      if (!seen.contains(p)) {
        return p;
      }
    }
    return null;
  }

  private static double key(double score) {
    return Double.isNaN(score) ? Double.NEGATIVE_INFINITY : score;
  }
}
