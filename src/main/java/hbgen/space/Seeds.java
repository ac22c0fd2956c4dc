package hbgen.space;

import org.apache.commons.math3.random.AbstractRandomGenerator;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Per-configuration seeds and generators derived from the search seed alone, so that adding
 * brackets or configurations never changes existing ones.
 *
 * <p>{@link #configSeed} is a few rounds of the Park-Miller MINSTD generator (multiplier 48271,
 * modulus 2^31-1): every product stays below 2^47, so the launcher script recomputes it exactly in
 * bash arithmetic.
 */
public record Seeds(long searchSeed) {
  static final long MODULUS = 2_147_483_647L;
  static final long MULTIPLIER = 48_271L;

  /** The search seed folded into [1, 2^31-2], the start of every derivation. */
  public long base() {
    return Math.floorMod(searchSeed, MODULUS - 1) + 1;
  }

  /** The seed a trainer sees (HB_SEED) for configuration {@code config} of bracket {@code bracket}. */
  public long configSeed(int bracket, long config) {
    long h = base();
    h = (h * MULTIPLIER + bracket + 1) % MODULUS;
    h = (h * MULTIPLIER) % MODULUS;
    h = (h * MULTIPLIER + config + 1) % MODULUS;
    h = (h * MULTIPLIER) % MODULUS;
    h = (h * MULTIPLIER) % MODULUS;
    return h == 0 ? 1 : h;
  }

  /** The generator that draws configuration {@code config} of bracket {@code bracket}. */
  public RandomGenerator generator(int bracket, long config) {
    long s = searchSeed;
    s = mix(s + 0x9E3779B97F4A7C15L * (bracket + 1));
    s = mix(s + 0x9E3779B97F4A7C15L * (config + 1));
    return new SplitMix(s);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** SplitMix64 (Steele, Lea, Flood 2014) behind commons-math3's generator interface. */
  static final class SplitMix extends AbstractRandomGenerator {
    private long state;

    SplitMix(long seed) {
      state = seed;
    }

    @Override public void setSeed(long seed) {
      state = seed;
      clear();
    }

    @Override public double nextDouble() {
      return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override public long nextLong() {
      state += 0x9E3779B97F4A7C15L;
      return mix(state);
    }

    @Override public int nextInt(int n) {
      if (n <= 0) {
        throw new IllegalArgumentException("bound must be positive, was " + n);
      }
      // Lemire's multiply-shift with rejection: unbiased.
      long m = (nextLong() >>> 32) * n;
      long low = m & 0xFFFFFFFFL;
      if (low < n) {
        long threshold = (0x100000000L - n) % n;
        while (low < threshold) {
          m = (nextLong() >>> 32) * n;
          low = m & 0xFFFFFFFFL;
        }
      }
      return (int) (m >>> 32);
    }
  }
}
