package hbgen.space;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A search space: parameters drawn in declaration order (so {@code when} can refer to earlier
 * ones) and fixed values copied into every configuration.
 */
public record Space(List<Parameter> parameters, Map<String, Object> fixed) {
  public Space {
    parameters = List.copyOf(parameters);
    fixed = Collections.unmodifiableMap(new LinkedHashMap<>(fixed));
    Set<String> seen = new HashSet<>();
    for (Parameter p : parameters) {
      if (!seen.add(p.name())) {
        throw new IllegalArgumentException("parameter " + p.name() + " is defined twice");
      }
      for (Case c : p.cases()) {
        for (Map.Entry<String, List<Object>> w : c.when().entrySet()) {
          String ref = w.getKey();
          if (!seen.contains(ref) || ref.equals(p.name())) {
            throw new IllegalArgumentException("parameter " + p.name() + ": 'when' refers to " + ref
                + ", which is not a parameter defined before it");
          }
          Parameter named = parameters.stream().filter(q -> q.name().equals(ref)).findFirst().orElseThrow();
          for (Object v : w.getValue()) {
            String never = neverTaken(p.name(), named, v);
            if (never != null) {
              throw new IllegalArgumentException(never);
            }
          }
        }
      }
    }
    for (String key : fixed.keySet()) {
      if (seen.contains(key)) {
        throw new IllegalArgumentException(key + " is both a parameter and a fixed value");
      }
    }
  }

  /**
   * Why a {@code when} of parameter {@code name} asking {@code ref} for {@code value} can never
   * hold (issue 13: such a parameter silently vanished from every configuration), or null when it can.
   */
  public static String neverTaken(String name, Parameter ref, Object value) {
    if (ref.canTake(value)) {
      return null;
    }
    return "parameter " + name + ": 'when' needs " + ref.name() + " to be " + value + ", which " + ref.name()
        + " never takes (it takes " + ref.takes() + ")";
  }

  /** The parameters whose distribution is continuous (in some case). */
  public List<String> continuousParameters() {
    List<String> out = new ArrayList<>();
    for (Parameter p : parameters) {
      if (!p.finite()) {
        out.add(p.name());
      }
    }
    return out;
  }

  /**
   * Every distinct point of a finite space, in order (first parameter slowest), at most {@code
   * limit} of them; conditional parameters are absent where no case matches.
   */
  public List<Map<String, Object>> enumerate(long limit) {
    if (!continuousParameters().isEmpty()) {
      throw new IllegalStateException("space has continuous parameters: " + continuousParameters());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    enumerate(0, new LinkedHashMap<>(), out, limit);
    return out;
  }

  private void enumerate(int index, Map<String, Object> drawn, List<Map<String, Object>> out, long limit) {
    if (out.size() >= limit) {
      return;
    }
    if (index == parameters.size()) {
      out.add(Collections.unmodifiableMap(new LinkedHashMap<>(drawn)));
      return;
    }
    Parameter p = parameters.get(index);
    Case match = p.cases().stream().filter(c -> c.matches(drawn)).findFirst().orElse(null);
    if (match == null) {
      enumerate(index + 1, drawn, out, limit);
      return;
    }
    Set<Object> distinct = new java.util.LinkedHashSet<>(match.distribution().values().orElseThrow());
    for (Object v : distinct) {
      drawn.put(p.name(), v);
      enumerate(index + 1, drawn, out, limit);
      drawn.remove(p.name());
      if (out.size() >= limit) {
        return;
      }
    }
  }
}
