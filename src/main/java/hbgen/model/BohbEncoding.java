package hbgen.model;

import hbgen.space.Case;
import hbgen.space.Parameter;
import hbgen.space.Space;
import hbgen.space.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A space's configurations as points of BOHB's model space: one dimension per case of a parameter
 * that can take more than one value (see {@link Axis}); a case that can take only one value, and
 * the space's fixed values, need none. A coordinate is NaN when its case is not the one in force
 * (a conditional parameter that is absent, or that another case draws), as ConfigSpace marks
 * inactive hyper-parameters; {@link #decode} reads only the coordinates in force.
 */
public final class BohbEncoding {
  private final Space space;
  /** Per parameter, per case: its axis, or null when the case takes one value. */
  private final List<List<Axis>> axes;
  /** Per parameter, per case: its dimension, or -1. */
  private final List<int[]> dimension;
  private final List<Axis> byDimension;

  private BohbEncoding(Space space) {
    this.space = space;
    List<List<Axis>> all = new ArrayList<>();
    List<int[]> dims = new ArrayList<>();
    List<Axis> flat = new ArrayList<>();
    for (Parameter p : space.parameters()) {
      List<Axis> perCase = new ArrayList<>();
      int[] at = new int[p.cases().size()];
      for (int c = 0; c < p.cases().size(); c++) {
        Axis axis = Axis.of(p.name(), p.cases().get(c).distribution());
        perCase.add(axis);
        at[c] = axis == null ? -1 : flat.size();
        if (axis != null) {
          flat.add(axis);
        }
      }
      all.add(Collections.unmodifiableList(perCase));
      dims.add(at);
    }
    this.axes = Collections.unmodifiableList(all);
    this.dimension = dims;
    this.byDimension = List.copyOf(flat);
  }

  /** The encoding of {@code space}. */
  public static BohbEncoding of(Space space) {
    return new BohbEncoding(space);
  }

  /** The space encoded. */
  public Space space() {
    return space;
  }

  /** How many coordinates a point has. */
  public int dimensions() {
    return byDimension.size();
  }

  /** 0 when dimension {@code d} lies in [0, 1]; its number of categories when it is unordered. */
  public int levels(int d) {
    return byDimension.get(d).levels();
  }

  /** The parameter that dimension {@code d} belongs to. */
  public String parameter(int d) {
    return byDimension.get(d).parameter();
  }

  /**
   * The point of a configuration (extra keys such as fixed values are ignored); NaN where a case is
   * not in force. Fails, naming the parameter, when a value is missing or not one the space can take.
   */
  public double[] encode(Map<String, Object> params) {
    double[] x = new double[dimensions()];
    Arrays.fill(x, Double.NaN);
    walk(params, x);
    return x;
  }

  /**
   * The configuration at point {@code x}: the parameters whose conditions hold, in declaration
   * order, each with a value its case's distribution can draw.
   */
  public Map<String, Object> decode(double[] x) {
    if (x.length != dimensions()) {
      throw new IllegalArgumentException("a point needs " + dimensions() + " coordinates, had " + x.length);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int p = 0; p < space.parameters().size(); p++) {
      Parameter parameter = space.parameters().get(p);
      int c = caseInForce(parameter, out);
      if (c < 0) {
        continue;
      }
      Axis axis = axes.get(p).get(c);
      if (axis == null) {
        out.put(parameter.name(), only(parameter.cases().get(c)));
      } else {
        double v = x[dimension.get(p)[c]];
        if (Double.isNaN(v)) {
          throw new IllegalArgumentException("parameter " + parameter.name() + " is in force but its coordinate is NaN");
        }
        out.put(parameter.name(), axis.decode(v));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The configuration as the space's sampler would have drawn it: only the parameters in force, in
   * declaration order, with the sampler's value types (so that equal configurations are equal maps).
   */
  public Map<String, Object> canonical(Map<String, Object> params) {
    return walk(params, null);
  }

  private Map<String, Object> walk(Map<String, Object> params, double[] x) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int p = 0; p < space.parameters().size(); p++) {
      Parameter parameter = space.parameters().get(p);
      int c = caseInForce(parameter, out);
      if (c < 0) {
        continue;
      }
      Object value = params.get(parameter.name());
      if (value == null) {
        throw new IllegalArgumentException("parameter " + parameter.name() + " is missing from the configuration " + params);
      }
      Axis axis = axes.get(p).get(c);
      if (axis == null) {
        Object only = only(parameter.cases().get(c));
        if (!Values.same(only, value)) {
          throw new IllegalArgumentException("parameter " + parameter.name() + ": " + value + " is not the only value "
              + only + " its " + parameter.cases().get(c).distribution().kind() + " can take");
        }
        out.put(parameter.name(), only);
      } else {
        out.put(parameter.name(), axis.canonical(value));
        if (x != null) {
          x[dimension.get(p)[c]] = axis.encode(value);
        }
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The index of the first case whose conditions hold, or -1 when the parameter is absent. */
  private static int caseInForce(Parameter parameter, Map<String, Object> drawn) {
    for (int c = 0; c < parameter.cases().size(); c++) {
      if (parameter.cases().get(c).matches(drawn)) {
        return c;
      }
    }
    return -1;
  }

  /** The value of a case that has exactly one (its first, as the sampler would draw it). */
  private static Object only(Case c) {
    return c.distribution().values().map(vs -> vs.get(0)).orElseThrow();
  }
}
