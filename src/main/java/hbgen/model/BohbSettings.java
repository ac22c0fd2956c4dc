package hbgen.model;

/**
 * The knobs of BOHB's configuration model, named and defaulted as in HpBandSter's
 * {@code config_generators/bohb.py} (Falkner, Klein, Hutter, ICML 2018).
 *
 * @param minPointsInModel observations a budget needs before its model is fitted; 0 means the
 *     number of model dimensions + 1, and smaller values are raised to that (as HpBandSter does)
 * @param topNPercent percentage of a budget's observations that form the good density l(x)
 * @param numSamples candidates drawn around good points for each model-based proposal
 * @param randomFraction probability that a proposal is drawn from the prior instead
 * @param bandwidthFactor widening of the continuous bandwidths when drawing candidates
 * @param minBandwidth floor of every bandwidth, so that identical good values keep some spread
 */
public record BohbSettings(int minPointsInModel, int topNPercent, int numSamples, double randomFraction,
    double bandwidthFactor, double minBandwidth) {
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
  }

  /** HpBandSter's defaults: dimensions + 1 points, top 15 %, 64 samples, 1/3 random, factor 3, 1e-3. */
  public static BohbSettings defaults() {
    return new BohbSettings(0, 15, 64, 1.0 / 3, 3, 1e-3);
  }

  /** The minimum number of points for a model of {@code dimensions} dimensions. */
  public int minPoints(int dimensions) {
    return Math.max(minPointsInModel, dimensions + 1);
  }
}
