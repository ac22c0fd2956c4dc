package hbgen.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One finished (or failed) trial as a model sees it: the configuration's parameters, the budget it
 * trained for and its objective. A NaN or infinite objective is a failure and counts as the worst
 * result in both directions (HpBandSter gives crashed and non-finite losses +inf; NaN never sorts
 * by accident here).
 */
public record Observation(Map<String, Object> params, double budget, double objective) {
  public Observation {
    if (params == null) {
      throw new IllegalArgumentException("an observation needs its parameters");
    }
    params.forEach((k, v) -> {
      if (k == null || v == null) {
        throw new IllegalArgumentException("observation parameter " + k + " has no value");
      }
    });
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    if (!(budget > 0) || !Double.isFinite(budget)) {
      throw new IllegalArgumentException("observation budget must be a finite number > 0, was " + budget);
    }
  }

  /** Whether the trial failed or reported no usable number. */
  public boolean failed() {
    return !Double.isFinite(objective);
  }
}
