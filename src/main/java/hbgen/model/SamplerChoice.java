package hbgen.model;

import java.util.Locale;

/**
 * How a Hyperband search gets its stage-0 configurations: drawn blindly when it is written
 * ({@code random}), or proposed in batches of {@code batch} by BOHB's model of the results so far
 * as the search runs ({@code bohb}).
 *
 * @param kind the sampler
 * @param batch proposals per batch (bohb); 0 for random
 */
public record SamplerChoice(Kind kind, int batch) {
  /** Proposals per batch when --batch is not given. */
  public static final int DEFAULT_BATCH = 8;

  /** The samplers. */
  public enum Kind {
    RANDOM,
    BOHB;

    /** The name in options and manifests. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The sampler named {@code label}. */
    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label().equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("sampler must be random or bohb, was '" + label + "'");
    }
  }

  public SamplerChoice {
    if (kind == null) {
      throw new IllegalArgumentException("a sampler choice needs its kind");
    }
    if (kind == Kind.BOHB && batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, was " + batch);
    }
    if (kind == Kind.RANDOM && batch != 0) {
      throw new IllegalArgumentException("batches are for the bohb sampler; random draws every configuration at once");
    }
  }

  /** Random draws, the default. */
  public static SamplerChoice random() {
    return new SamplerChoice(Kind.RANDOM, 0);
  }

  /** BOHB in batches of {@code batch}. */
  public static SamplerChoice bohb(int batch) {
    return new SamplerChoice(Kind.BOHB, batch);
  }

  /** Whether configurations are proposed by a model as the search runs. */
  public boolean proposes() {
    return kind == Kind.BOHB;
  }
}
