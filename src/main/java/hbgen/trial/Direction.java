package hbgen.trial;

/** Whether a smaller or a larger objective is better. */
public enum Direction {
  MINIMIZE,
  MAXIMIZE;

  /** Lower-case name as written in manifests and generated files. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code minimize} or {@code maximize}. */
  public static Direction of(String label) {
    return switch (label) {
      case "minimize" -> MINIMIZE;
      case "maximize" -> MAXIMIZE;
      default -> throw new IllegalArgumentException("direction must be minimize or maximize, was " + label);
    };
  }

  /**
   * Compares two objectives so that the better sorts first; NaN (a failed trial) is worse than
   * every number in both directions.
   */
  public int compare(double a, double b) {
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    if (na || nb) {
      return na == nb ? 0 : na ? 1 : -1;
    }
    return this == MINIMIZE ? Double.compare(a, b) : Double.compare(b, a);
  }
}
