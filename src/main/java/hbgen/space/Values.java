package hbgen.space;

/** Equality of parameter values as a user means it: 1 and 1.0 are the same number. */
public final class Values {
  private Values() {}

  /** Whether {@code a} and {@code b} are the same parameter value. */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return x.doubleValue() == y.doubleValue();
    }
    return a.equals(b);
  }
}
