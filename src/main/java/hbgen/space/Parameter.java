package hbgen.space;

import java.util.List;

/** A named hyper-parameter with one or more cases; the first matching case is drawn from. */
public record Parameter(String name, List<Case> cases) {
  public Parameter {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a parameter needs a name");
    }
    cases = List.copyOf(cases);
    if (cases.isEmpty()) {
      throw new IllegalArgumentException("parameter " + name + " has no case");
    }
  }

  /** Whether some case of this parameter can draw {@code v}. */
  public boolean canTake(Object v) {
    return cases.stream().anyMatch(c -> c.distribution().canTake(v));
  }

  /** What this parameter takes, for messages: its values when there are few, else its distributions. */
  public String takes() {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    for (Case c : cases) {
      Distribution d = c.distribution();
      List<Object> values = d.values().filter(vs -> vs.size() <= 10).orElse(null);
      if (values == null) {
        out.add("a " + d.kind() + " draw");
      } else {
        values.forEach(v -> out.add(String.valueOf(v)));
      }
    }
    return String.join(", ", out);
  }

  /** Whether every case of this parameter is finite (so grids and counting work). */
  public boolean finite() {
    return cases.stream().allMatch(c -> c.distribution().values().isPresent());
  }
}
