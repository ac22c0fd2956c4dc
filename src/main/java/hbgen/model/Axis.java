package hbgen.model;

import hbgen.space.Distribution;
import hbgen.space.Values;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.util.FastMath;

/**
 * One dimension of BOHB's vector form of a configuration: how one case of a parameter maps into
 * [0, 1] (continuous and ordered) or onto category codes 0..c-1 (unordered), and back.
 *
 * <p>Continuous distributions are encoded by their prior's cumulative distribution function, which
 * is the linear map for {@code uniform}, the log map for {@code loguniform} (as ConfigSpace's
 * {@code log=True}) and keeps {@code normal} and {@code exponential} inside the unit interval.
 * Ordered finite ones ({@code int}, {@code range}, {@code geomspace}, whose values are evenly
 * spaced on a log scale) put value i of n at the centre of the i-th of n equal bins and decode by
 * bin, as ConfigSpace does for integers. {@code choice} is unordered: its code indexes the distinct
 * options (Aitchison-Aitken kernel over all of them). exp and log are FastMath's (see {@link Kde}).
 */
sealed interface Axis permits Axis.Continuous, Axis.Ordinal, Axis.Categorical {
  /** The parameter this axis belongs to. */
  String parameter();

  /** 0 for an axis in [0, 1]; the number of categories for an unordered one. */
  int levels();

  /** The coordinate of {@code value}; fails when the case cannot take it. */
  double encode(Object value);

  /** The value at coordinate {@code x}: always one the case's distribution can draw. */
  Object decode(double x);

  /** {@code value} as the space's sampler would produce it (Long, Double or the option itself). */
  Object canonical(Object value);

  /**
   * The axis of one case, or null when the case can take only one value (it needs no dimension).
   */
  static Axis of(String parameter, Distribution d) {
    if (d instanceof Distribution.Choice c) {
      List<Object> distinct = new ArrayList<>();
      for (Object o : c.options()) {
        if (distinct.stream().noneMatch(x -> Values.same(x, o))) {
          distinct.add(o);
        }
      }
      return distinct.size() == 1 ? null : new Categorical(parameter, List.copyOf(distinct));
    }
    if (d instanceof Distribution.IntRange r) {
      long n = BigInteger.valueOf(r.high()).subtract(BigInteger.valueOf(r.low()))
          .divide(BigInteger.valueOf(r.step())).longValueExact() + 1;
      return n == 1 ? null : Ordinal.steps(parameter, d, r.low(), r.step(), n);
    }
    if (d instanceof Distribution.Range r) {
      long n = rangeCount(r);
      return n == 1 ? null : Ordinal.steps(parameter, d, r.start(), r.step(), n);
    }
    if (d instanceof Distribution.Geomspace g) {
      return g.num() == 1 || g.low() == g.high() ? null : Ordinal.listed(parameter, d, g.values().orElseThrow());
    }
    if (d instanceof Distribution.Value) {
      return null;
    }
    return new Continuous(parameter, d);
  }

  /** Python's len(range(start, stop, step)) in exact arithmetic (the range is known non-empty). */
  private static long rangeCount(Distribution.Range r) {
    BigInteger span = BigInteger.valueOf(r.stop()).subtract(BigInteger.valueOf(r.start())).abs();
    BigInteger by = BigInteger.valueOf(r.step()).abs();
    BigInteger[] qr = span.divideAndRemainder(by);
    return (qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE)).longValueExact();
  }

  private static IllegalArgumentException notTaken(String parameter, Object value, Distribution d) {
    return new IllegalArgumentException("parameter " + parameter + ": " + value + " is not a value its "
        + d.kind() + " distribution can take");
  }

  /** A continuous distribution, encoded by its cumulative distribution function. */
  record Continuous(String parameter, Distribution distribution) implements Axis {
    public Continuous {
      if (!(distribution instanceof Distribution.Uniform || distribution instanceof Distribution.LogUniform
          || distribution instanceof Distribution.Normal || distribution instanceof Distribution.Exponential)) {
        throw new IllegalArgumentException("parameter " + parameter + ": " + distribution.kind() + " is not continuous");
      }
    }

    /** Keeps inverse CDFs of unbounded distributions finite. */
    private static final double EDGE = 0x1.0p-53;

    @Override public int levels() { return 0; }

    @Override public double encode(Object value) {
      double v = number(value);
      double x;
      if (distribution instanceof Distribution.Uniform u) {
        x = (v - u.low()) / (u.high() - u.low());
      } else if (distribution instanceof Distribution.LogUniform l) {
        x = (FastMath.log(v) - FastMath.log(l.low())) / (FastMath.log(l.high()) - FastMath.log(l.low()));
      } else if (distribution instanceof Distribution.Normal n) {
        x = 0.5 * Erf.erfc(-(v - n.mean()) / (n.sd() * Math.sqrt(2)));
      } else {
        x = -FastMath.expm1(-v / ((Distribution.Exponential) distribution).scale());
      }
      return Math.min(1, Math.max(0, x));
    }

    @Override public Object decode(double x) {
      double u = Math.min(1, Math.max(0, x));
      if (distribution instanceof Distribution.Uniform d) {
        return below(d.low() + u * (d.high() - d.low()), d.low(), d.high());
      } else if (distribution instanceof Distribution.LogUniform d) {
        return below(FastMath.exp(FastMath.log(d.low()) + u * (FastMath.log(d.high()) - FastMath.log(d.low()))), d.low(), d.high());
      } else if (distribution instanceof Distribution.Normal d) {
        return d.mean() - d.sd() * Math.sqrt(2) * Erf.erfcInv(2 * Math.min(1 - EDGE, Math.max(EDGE, u)));
      }
      return -((Distribution.Exponential) distribution).scale() * FastMath.log1p(-Math.min(1 - EDGE, u));
    }

    /** Clamps into [low, high): the sampler never draws the upper end of uniform and loguniform. */
    private static double below(double v, double low, double high) {
      return v < low ? low : v >= high ? Math.nextDown(high) : v;
    }

    @Override public Object canonical(Object value) {
      return number(value);
    }

    private double number(Object value) {
      if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue()) || !distribution.canTake(value)) {
        throw notTaken(parameter, value, distribution);
      }
      return n.doubleValue();
    }
  }

  /**
   * An ordered finite distribution: value i of n sits at (i + 1/2) / n. Integer steps are computed,
   * geomspace values listed once.
   */
  final class Ordinal implements Axis {
    private final String parameter;
    private final Distribution distribution;
    private final long count;
    private final long start;
    private final long step;
    private final List<Object> listed;

    private Ordinal(String parameter, Distribution distribution, long count, long start, long step, List<Object> listed) {
      this.parameter = parameter;
      this.distribution = distribution;
      this.count = count;
      this.start = start;
      this.step = step;
      this.listed = listed;
    }

    static Ordinal steps(String parameter, Distribution d, long start, long step, long count) {
      return new Ordinal(parameter, d, count, start, step, null);
    }

    static Ordinal listed(String parameter, Distribution d, List<Object> values) {
      return new Ordinal(parameter, d, values.size(), 0, 0, List.copyOf(values));
    }

    @Override public String parameter() { return parameter; }

    @Override public int levels() { return 0; }

    /** How many values the axis has. */
    long count() { return count; }

    @Override public double encode(Object value) {
      return (index(value) + 0.5) / count;
    }

    @Override public Object decode(double x) {
      double u = Math.min(1, Math.max(0, x));
      return value(Math.min(count - 1, (long) Math.floor(u * count)));
    }

    @Override public Object canonical(Object value) {
      return value(index(value));
    }

    private Object value(long i) {
      return listed != null ? listed.get((int) i) : (Object) (start + step * i);
    }

    private long index(Object value) {
      if (listed == null) {
        if (!distribution.canTake(value)) {
          throw notTaken(parameter, value, distribution);
        }
        long v = ((Number) value).longValue();
        return BigInteger.valueOf(v).subtract(BigInteger.valueOf(start)).divide(BigInteger.valueOf(step)).longValueExact();
      }
      if (value instanceof Number n && Double.isFinite(n.doubleValue()) && n.doubleValue() != 0) {
        // geomspace values are evenly spaced in log|v|: the position is known up to rounding.
        double a = FastMath.log(Math.abs(((Number) listed.get(0)).doubleValue()));
        double b = FastMath.log(Math.abs(((Number) listed.get((int) count - 1)).doubleValue()));
        double at = (FastMath.log(Math.abs(n.doubleValue())) - a) / (b - a) * (count - 1);
        if (Double.isFinite(at)) {
          long guess = Math.round(at);
          for (long i = Math.max(0, guess - 1); i <= Math.min(count - 1, guess + 1); i++) {
            if (Values.same(listed.get((int) i), value)) {
              return i;
            }
          }
        }
      }
      throw notTaken(parameter, value, distribution);
    }
  }

  /** An unordered choice: codes 0..c-1 index its distinct options. */
  record Categorical(String parameter, List<Object> options) implements Axis {
    @Override public int levels() { return options.size(); }

    @Override public double encode(Object value) {
      for (int i = 0; i < options.size(); i++) {
        if (Values.same(options.get(i), value)) {
          return i;
        }
      }
      throw notTaken(parameter, value, new Distribution.Choice(options));
    }

    @Override public Object decode(double x) {
      return options.get((int) Math.min(options.size() - 1, Math.max(0, Math.rint(x))));
    }

    @Override public Object canonical(Object value) {
      return options.get((int) encode(value));
    }
  }
}
