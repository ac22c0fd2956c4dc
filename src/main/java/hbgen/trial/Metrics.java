package hbgen.trial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a trainer reported: either one bare number or named metrics, each kept as the text the
 * trainer wrote (so every reader agrees on its value) and as a double.
 *
 * @param single the bare number's text, or null for a map of metrics
 * @param named metric name to its text, in the order written (empty for a bare number)
 */
public record Metrics(String single, Map<String, String> named) {
  public Metrics {
    named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    if ((single == null) == named.isEmpty()) {
      throw new IllegalArgumentException("a result is either one number or a non-empty map of metrics");
    }
  }

  /** The objective's text: the bare number, the named metric, or the only metric of a map. */
  public String objectiveText(String objective) {
    if (single != null) {
      return single;
    }
    if (objective == null || objective.isEmpty()) {
      if (named.size() == 1) {
        return named.values().iterator().next();
      }
      throw new IllegalArgumentException("result has several metrics " + named.keySet() + " and no --objective names one");
    }
    String text = named.get(objective);
    if (text == null) {
      throw new IllegalArgumentException("result has no metric '" + objective + "' (it has " + named.keySet() + ")");
    }
    return text;
  }

  /** Every metric as a number (a bare number is named after the objective, or "value"). */
  public Map<String, Double> numbers(String objective) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (single != null) {
      out.put(objective == null || objective.isEmpty() ? "value" : objective, ResultFormat.number(single));
    } else {
      named.forEach((k, v) -> out.put(k, ResultFormat.number(v)));
    }
    return out;
  }
}
