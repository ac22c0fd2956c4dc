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

  /** Whether every case of this parameter is finite (so grids and counting work). */
  public boolean finite() {
    return cases.stream().allMatch(c -> c.distribution().values().isPresent());
  }
}
