package hbgen.space;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a parameter: a distribution that applies when every {@code when} entry matches an
 * earlier parameter's value (a list means any of its values). No {@code when}: always applies.
 */
public record Case(Distribution distribution, Map<String, List<Object>> when) {
  public Case {
    if (distribution == null) {
      throw new IllegalArgumentException("a case needs a distribution");
    }
    Map<String, List<Object>> copy = new LinkedHashMap<>();
    when.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    when = java.util.Collections.unmodifiableMap(copy);
  }

  /** An unconditional case. */
  public static Case always(Distribution distribution) {
    return new Case(distribution, Map.of());
  }

  /** Whether this case applies to the values drawn so far. */
  public boolean matches(Map<String, Object> drawn) {
    for (Map.Entry<String, List<Object>> e : when.entrySet()) {
      Object actual = drawn.get(e.getKey());
      if (actual == null || e.getValue().stream().noneMatch(v -> Values.same(v, actual))) {
        return false;
      }
    }
    return true;
  }
}
