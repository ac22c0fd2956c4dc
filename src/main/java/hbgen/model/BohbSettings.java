package hbgen.model;

/**
 * The knobs of BOHB's configuration model, named as in HpBandSter's
 * {@code config_generators/bohb.py} (Falkner, Klein, Hutter, ICML 2018). {@link #defaults()} says
 * which defaults differ from HpBandSter's and why.
 *
 * @param minPointsInModel observations a budget needs before its model is fitted; 0 means the
 *     number of model dimensions + 1, and smaller values are raised to that (as HpBandSter does)
 * @param topNPercent percentage of a budget's observations that form the good density l(x)
 * @param numSamples candidates drawn around good points for each model-based proposal
 * @param randomFraction probability that a proposal is drawn from the prior instead
 * @param bandwidthFactor widening of the continuous bandwidths when drawing candidates
 * @param minBandwidth floor of every bandwidth, so that identical good values keep some spread
 * @param priorWeight weight, counted in points, of a uniform prior kernel added to both densities (as
 *     Optuna's TPE adds its prior with {@code prior_weight}); 0 leaves the densities as HpBandSter's
 */
public record BohbSettings(int minPointsInModel, int topNPercent, int numSamples, double randomFraction,
    double bandwidthFactor, double minBandwidth, double priorWeight) {
  public BohbSettings {
    if (minPointsInModel < 0) {
      throw new IllegalArgumentException("min_points_in_model must be >= 0 (0: dimensions + 1), was " + minPointsInModel);
    }
    if (topNPercent < 1 || topNPercent > 99) {
      throw new IllegalArgumentException("top_n_percent must be between 1 and 99, was " + topNPercent);
    }
    if (numSamples < 1) {
      throw new IllegalArgumentException("num_samples must be >= 1, was " + numSamples);
    }
    if (!(randomFraction >= 0 && randomFraction <= 1)) {
      throw new IllegalArgumentException("random_fraction must be between 0 and 1, was " + randomFraction);
    }
    if (!(bandwidthFactor > 0) || !Double.isFinite(bandwidthFactor)) {
      throw new IllegalArgumentException("bandwidth_factor must be a finite number > 0, was " + bandwidthFactor);
    }
    if (!(minBandwidth > 0) || !(minBandwidth < 1)) {
      throw new IllegalArgumentException("min_bandwidth must be > 0 and < 1, was " + minBandwidth);
    }
    if (!(priorWeight >= 0) || !Double.isFinite(priorWeight)) {
      throw new IllegalArgumentException("prior_weight must be a finite number >= 0, was " + priorWeight);
    }
  }

  /**
   * HpBandSter's defaults (dimensions + 1 points, top 15 %, bandwidth factor 3, minimum bandwidth
   * 1e-3) except three, each kept because the quality benchmark's replay of 200 seeds showed it
   * helps (README, "Samplers and batches"): 24 candidates per proposal, Optuna's
   * {@code n_ei_candidates}, not 64, whose best chased noisy good points; a fifth of the proposals
   * from the prior, not a third; and a uniform prior kernel of weight 1 in both densities, as
   * Optuna's TPE has, so that a few good points far from any bad one do not look certain.
   */
  public static BohbSettings defaults() {
    return new BohbSettings(0, 15, 24, 0.2, 3, 1e-3, 1);
  }

  /** HpBandSter's own defaults: dimensions + 1 points, top 15 %, 64 samples, 1/3 random, factor 3, 1e-3, no prior. */
  public static BohbSettings hpbandster() {
    return new BohbSettings(0, 15, 64, 1.0 / 3, 3, 1e-3, 0);
  }

  /** The minimum number of points for a model of {@code dimensions} dimensions. */
  public int minPoints(int dimensions) {
    return Math.max(minPointsInModel, dimensions + 1);
  }
}
