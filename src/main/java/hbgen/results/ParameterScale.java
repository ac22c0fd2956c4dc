package hbgen.results;

import hbgen.error.UsageError;
import hbgen.search.SearchDir;
import hbgen.space.Case;
import hbgen.space.Distribution;
import hbgen.space.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the report plots one hyper-parameter: numeric ones get a scatter chart, on a log axis when
 * the space draws them log-uniformly ({@code loguniform}, {@code geomspace}) or chooses among
 * positive numbers spanning three decades or more (e.g. {@code C: {choice: [0.001, ..., 1000]}}).
 *
 * @param name the parameter (dotted for nested config keys)
 * @param kinds its distributions, e.g. "loguniform" or "choice"
 * @param numeric whether every value it can take is a number
 * @param log whether its axis is logarithmic
 */
public record ParameterScale(String name, String kinds, boolean numeric, boolean log) {
  private static final java.util.Comparator<Object> BY_VALUE =
      (a, b) -> Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());

  /** Ratio of largest to smallest positive choice from which a choice gets a log axis. */
  static final double LOG_SPAN = 1000;

  /**
   * The parameters of a search's space (in the space's order), read from the manifest; if the
   * manifest has no readable space, every config key with numbers in at least two distinct values
   * except {@code seed} (the per-configuration seed, not a hyper-parameter).
   */
  public static List<ParameterScale> of(SearchDir search, List<Trial> trials) {
    try {
      return fromSpace(search.space().space().parameters());
    } catch (UsageError | IllegalArgumentException e) {
      // a missing or unreadable space falls back to what the configs hold
      return fromValues(trials);
    }
  }

  static List<ParameterScale> fromSpace(List<Parameter> parameters) {
    List<ParameterScale> out = new ArrayList<>();
    for (Parameter p : parameters) {
      Set<String> kinds = new TreeSet<>();
      boolean numeric = true;
      boolean log = false;
      for (Case c : p.cases()) {
        Distribution d = c.distribution();
        kinds.add(d.kind());
        if (d instanceof Distribution.LogUniform || d instanceof Distribution.Geomspace) {
          log = true;
        } else if (d instanceof Distribution.Choice ch) {
          numeric &= ch.options().stream().allMatch(o -> o instanceof Number);
          log |= wideSpan(ch.options());
        } else if (d instanceof Distribution.Value v) {
          numeric &= v.value() instanceof Number;
        }
      }
      out.add(new ParameterScale(p.name(), String.join("/", kinds), numeric, log));
    }
    return out;
  }

  static List<ParameterScale> fromValues(List<Trial> trials) {
    Map<String, Set<Object>> seen = new TreeMap<>();
    Set<String> nonNumeric = new TreeSet<>();
    for (Trial t : trials) {
      t.params().values().forEach((k, v) -> {
        if (v instanceof Number) {
          seen.computeIfAbsent(k, x -> new TreeSet<>(BY_VALUE)).add(v);
        } else {
          nonNumeric.add(k);
        }
      });
    }
    List<ParameterScale> out = new ArrayList<>();
    seen.forEach((k, values) -> {
      if (!k.equals("seed") && !nonNumeric.contains(k) && values.size() >= 2) {
        out.add(new ParameterScale(k, "values", true, wideSpan(new ArrayList<>(values))));
      }
    });
    return out;
  }

  private static boolean wideSpan(List<?> values) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (Object o : values) {
      if (!(o instanceof Number n) || !(n.doubleValue() > 0)) {
        return false;
      }
      min = Math.min(min, n.doubleValue());
      max = Math.max(max, n.doubleValue());
    }
    return !values.isEmpty() && max / min >= LOG_SPAN;
  }
}
