package hbgen.space;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A distribution of one hyper-parameter (SPEC section 7). Continuous ones draw through
 * commons-math3 from the generator passed in; finite ones also list their values for grid search
 * and for counting distinct points.
 */
public sealed interface Distribution {
  /** The name used in the space file, e.g. {@code loguniform}. */
  String kind();

  /** One draw. */
  Object sample(RandomGenerator rng);

  /** All values, in order, when the distribution is finite; empty when it is continuous. */
  Optional<List<Object>> values();

  /**
   * Whether a draw can be {@code v} (1 and 1.0 are the same number): what a {@code when} that
   * names this parameter may ask for. A continuous distribution can take the numbers of its support.
   */
  default boolean canTake(Object v) {
    return values().map(vs -> vs.stream().anyMatch(x -> Values.same(x, v))).orElse(v instanceof Number);
  }

  /** Whether {@code v} is a whole number, as {@code when} values of int and range compare. */
  private static boolean whole(Object v) {
    return v instanceof Number n && !(v instanceof Double d && (d.isInfinite() || d != Math.rint(d)))
        && !(v instanceof Float f && (f.isInfinite() || f != Math.rint(f)));
  }

  /** Whether {@code x} is {@code from + k * step} for some whole k >= 0, in exact arithmetic. */
  private static boolean onGrid(long x, long from, long step) {
    BigInteger[] qr = BigInteger.valueOf(x).subtract(BigInteger.valueOf(from)).divideAndRemainder(BigInteger.valueOf(step));
    return qr[1].signum() == 0 && qr[0].signum() >= 0;
  }

  private static boolean between(Object v, double low, double high) {
    return v instanceof Number n && n.doubleValue() >= low && n.doubleValue() <= high;
  }

  /** Every name accepted as a distribution key in a space file. */
  static List<String> kinds() {
    return List.of("choice", "exponential", "geomspace", "int", "loguniform", "normal", "range", "uniform", "value");
  }

  /** Most values a finite distribution may have. */
  long MAX_VALUES = 10_000_000L;

  /**
   * Largest scale of an exponential or normal distribution (and normal mean): draws a few dozen
   * scales out stay finite, so that no configuration holds Infinity, which JSON cannot write.
   */
  double MAX_SCALE = 1e300;

  private static void requireFinite(String what, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(what + " must be a finite number, was " + v);
    }
  }

  /** Uniform on [low, high). */
  record Uniform(double low, double high) implements Distribution {
    public Uniform {
      requireFinite("uniform low", low);
      requireFinite("uniform high", high);
      if (!(low < high)) {
        throw new IllegalArgumentException("uniform needs low < high, was [" + low + ", " + high + "]");
      }
      if (!Double.isFinite(high - low)) {
        throw new IllegalArgumentException("uniform needs high - low to be a finite number, was [" + low + ", " + high + "]");
      }
    }

    @Override public String kind() { return "uniform"; }

    @Override public boolean canTake(Object v) { return between(v, low, high); }

    @Override public Object sample(RandomGenerator rng) {
      return low + (high - low) * rng.nextDouble();
    }

    @Override public Optional<List<Object>> values() { return Optional.empty(); }
  }

  /** Log-uniform on [low, high): exp of a uniform draw between the logs. */
  record LogUniform(double low, double high) implements Distribution {
    public LogUniform {
      requireFinite("loguniform low", low);
      requireFinite("loguniform high", high);
      if (!(low > 0) || !(low < high)) {
        throw new IllegalArgumentException("loguniform needs 0 < low < high, was [" + low + ", " + high + "]");
      }
    }

    @Override public String kind() { return "loguniform"; }

    @Override public boolean canTake(Object v) { return between(v, low, high); }

    @Override public Object sample(RandomGenerator rng) {
      double lo = Math.log(low);
      return Math.exp(lo + (Math.log(high) - lo) * rng.nextDouble());
    }

    @Override public Optional<List<Object>> values() { return Optional.empty(); }
  }

  /** One of a list of values, each equally likely. */
  record Choice(List<Object> options) implements Distribution {
    public Choice {
      if (options == null || options.isEmpty()) {
        throw new IllegalArgumentException("choice needs a non-empty list of values");
      }
      options = List.copyOf(options);
    }

    @Override public String kind() { return "choice"; }

    @Override public Object sample(RandomGenerator rng) {
      return options.get(rng.nextInt(options.size()));
    }

    @Override public Optional<List<Object>> values() { return Optional.of(options); }
  }

  /** A constant. */
  record Value(Object value) implements Distribution {
    public Value {
      if (value == null) {
        throw new IllegalArgumentException("value must not be null");
      }
    }

    @Override public String kind() { return "value"; }

    @Override public Object sample(RandomGenerator rng) { return value; }

    @Override public Optional<List<Object>> values() { return Optional.of(List.of(value)); }
  }

  /** Integers low, low+step, ... up to and including high. */
  record IntRange(long low, long high, long step) implements Distribution {
    public IntRange {
      if (step < 1) {
        throw new IllegalArgumentException("int step must be >= 1, was " + step);
      }
      if (low > high) {
        throw new IllegalArgumentException("int needs low <= high, was [" + low + ", " + high + "]");
      }
      if (count(low, high, step).compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
        throw new IllegalArgumentException("int range [" + low + ", " + high + "] with step " + step + " has too many values");
      }
    }

    /** (high - low) / step + 1 in exact arithmetic: the ends may be any 64-bit values. */
    private static BigInteger count(long low, long high, long step) {
      return BigInteger.valueOf(high).subtract(BigInteger.valueOf(low)).divide(BigInteger.valueOf(step)).add(BigInteger.ONE);
    }

    private long count() {
      long span = high - low; // negative only when it overflowed (low <= high)
      return span >= 0 ? span / step + 1 : count(low, high, step).longValueExact();
    }

    @Override public String kind() { return "int"; }

    @Override public boolean canTake(Object v) {
      return whole(v) && between(v, low, high) && onGrid(((Number) v).longValue(), low, step);
    }

    @Override public Object sample(RandomGenerator rng) {
      return low + step * (long) rng.nextInt((int) count());
    }

    @Override public Optional<List<Object>> values() {
      List<Object> out = new ArrayList<>();
      long n = count();
      for (long i = 0; i < n; i++) {
        out.add(low + step * i);
      }
      return Optional.of(out);
    }
  }

  /** Python's {@code range(start, stop, step)}: stop excluded, step may be negative. */
  record Range(long start, long stop, long step) implements Distribution {
    public Range {
      if (step == 0) {
        throw new IllegalArgumentException("range step must not be 0");
      }
      BigInteger n = count(start, stop, step);
      if (n.signum() == 0) {
        throw new IllegalArgumentException("range(" + start + ", " + stop + ", " + step + ") is empty");
      }
      if (n.compareTo(BigInteger.valueOf(MAX_VALUES)) > 0) {
        throw new IllegalArgumentException("range(" + start + ", " + stop + ", " + step + ") has too many values");
      }
    }

    /** Python's len(range(start, stop, step)), in exact arithmetic: the ends may be any 64-bit values. */
    private static BigInteger count(long start, long stop, long step) {
      BigInteger span = BigInteger.valueOf(stop).subtract(BigInteger.valueOf(start));
      BigInteger by = BigInteger.valueOf(step);
      if (span.signum() != by.signum()) {
        return BigInteger.ZERO;
      }
      BigInteger[] qr = span.abs().divideAndRemainder(by.abs());
      return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    private long count() {
      if (small(start) && small(stop) && small(step)) {
        return Math.max(0, step > 0 ? (stop - start + step - 1) / step : (start - stop - step - 1) / -step);
      }
      return count(start, stop, step).longValueExact();
    }

    /** Whether the long formula of {@link #count()} cannot overflow with this operand. */
    private static boolean small(long v) {
      return -(1L << 60) < v && v < (1L << 60);
    }

    @Override public String kind() { return "range"; }

    @Override public boolean canTake(Object v) {
      if (!whole(v)) {
        return false;
      }
      long last = start + step * (count() - 1);
      return between(v, Math.min(start, last), Math.max(start, last)) && onGrid(((Number) v).longValue(), start, step);
    }

    @Override public Object sample(RandomGenerator rng) {
      return start + step * (long) rng.nextInt((int) count());
    }

    @Override public Optional<List<Object>> values() {
      List<Object> out = new ArrayList<>();
      long n = count();
      for (long i = 0; i < n; i++) {
        out.add(start + step * i);
      }
      return Optional.of(out);
    }
  }

  /** numpy.geomspace(low, high, num): num values evenly spaced on a log scale, ends included. */
  record Geomspace(double low, double high, int num) implements Distribution {
    public Geomspace {
      requireFinite("geomspace start", low);
      requireFinite("geomspace stop", high);
      if (low == 0 || high == 0 || (low < 0) != (high < 0)) {
        throw new IllegalArgumentException("geomspace needs two non-zero ends of the same sign, was [" + low + ", " + high + "]");
      }
      if (num < 1 || num > MAX_NUM) {
        throw new IllegalArgumentException("geomspace num must be between 1 and " + MAX_NUM + ", was " + num);
      }
    }

    /** Most values a geomspace may have. */
    public static final int MAX_NUM = 1_000_000;

    @Override public String kind() { return "geomspace"; }

    @Override public Object sample(RandomGenerator rng) {
      return values().orElseThrow().get(rng.nextInt(num));
    }

    @Override public Optional<List<Object>> values() {
      double sign = low < 0 ? -1 : 1;
      double a = Math.log10(Math.abs(low));
      double b = Math.log10(Math.abs(high));
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < num; i++) {
        double v = i == 0 ? low : i == num - 1 ? high : sign * Math.pow(10, a + (b - a) * i / (num - 1));
        out.add(roundTo15(v));
      }
      return Optional.of(out);
    }

    /** Drops the last-digit noise of pow so that values read back as people wrote them. */
    private static double roundTo15(double v) {
      return new BigDecimal(v).round(new java.math.MathContext(15)).doubleValue();
    }
  }

  /** Exponential with the given scale (mean). */
  record Exponential(double scale) implements Distribution {
    public Exponential {
      if (!(scale > 0) || !(scale <= MAX_SCALE)) {
        throw new IllegalArgumentException("exponential scale must be > 0 and at most " + MAX_SCALE + ", was " + scale);
      }
    }

    @Override public String kind() { return "exponential"; }

    @Override public boolean canTake(Object v) { return between(v, 0, Double.POSITIVE_INFINITY); }

    @Override public Object sample(RandomGenerator rng) {
      return new ExponentialDistribution(rng, scale).sample();
    }

    @Override public Optional<List<Object>> values() { return Optional.empty(); }
  }

  /** Normal with mean and standard deviation. */
  record Normal(double mean, double sd) implements Distribution {
    public Normal {
      requireFinite("normal mean", mean);
      if (!(Math.abs(mean) <= MAX_SCALE)) {
        throw new IllegalArgumentException("normal mean must be between -" + MAX_SCALE + " and " + MAX_SCALE + ", was " + mean);
      }
      if (!(sd > 0) || !(sd <= MAX_SCALE)) {
        throw new IllegalArgumentException("normal sd must be > 0 and at most " + MAX_SCALE + ", was " + sd);
      }
    }

    @Override public String kind() { return "normal"; }

    @Override public Object sample(RandomGenerator rng) {
      return new NormalDistribution(rng, mean, sd).sample();
    }

    @Override public Optional<List<Object>> values() { return Optional.empty(); }
  }
}
