package hbgen.trial;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which finished trial a Hyperband search names as its best ({@link Best#of}).
 *
 * <p>{@link #TOP_BUDGET} is HpBandSter's rule (its incumbent is taken at the largest budget) and
 * what Optuna's {@code best_trial} amounts to (pruned trials do not count): the best trial among
 * those at the largest budget that has a finished trial. A low-budget trial that looked good by
 * noise cannot win. {@link #ALL} is Li et al.'s (JMLR 2018, Algorithm 1: "the configuration with
 * the smallest intermediate loss seen so far"): the best over every finished trial.
 */
public enum Incumbent {
  /** Best among the trials at the largest budget that has a finished trial (the default). */
  TOP_BUDGET("top-budget"),
  /** Best over all finished trials, ties to the larger budget. */
  ALL("all");

  private final String label;

  Incumbent(String label) {
    this.label = label;
  }

  /** The name in options and manifests. */
  public String label() {
    return label;
  }

  /** The rule named {@code label}, or an exception listing the names. */
  public static Incumbent of(String label) {
    return Arrays.stream(values()).filter(i -> i.label.equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("incumbent rule must be " + labels() + ", was '" + label + "'"));
  }

  /** The names, as "top-budget or all". */
  public static String labels() {
    return Arrays.stream(values()).map(Incumbent::label).collect(Collectors.joining(" or "));
  }

  /** One sentence for best.yaml and help texts. */
  public String describe() {
    return describe("objective", "trials");
  }

  /**
   * The rule in words for another ranking, e.g. {@code describe("mean loss", "points")}: "the best
   * mean loss among the points at the largest budget that has a finished trial".
   */
  public String describe(String what, String among) {
    return this == TOP_BUDGET
        ? "the best " + what + " among the " + among + " at the largest budget that has a finished trial"
        : "the best " + what + " over all finished " + among + ", ties to the larger budget";
  }
}
