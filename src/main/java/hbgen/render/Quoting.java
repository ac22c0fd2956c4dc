package hbgen.render;

/**
 * Quoting for the languages generated files are written in. Templates call these (as {@code
 * sh(x)} and {@code py(x)}) instead of improvising escapes.
 */
public final class Quoting {
  private Quoting() {}

  /** A POSIX shell word that expands to exactly {@code s}: single quotes, with ' as '\''. */
  public static String shell(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /**
   * A Python literal: strings as double-quoted literals with escapes (never f-strings), numbers,
   * True/False/None, lists and dicts.
   */
  public static String python(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "float(\"nan\")";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "float(\"inf\")" : "float(\"-inf\")";
      }
      return Json.number(d);
    }
    if (v instanceof Number n) {
      return n.toString();
    }
    if (v instanceof java.util.List<?> l) {
      StringBuilder out = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        out.append(i > 0 ? ", " : "").append(python(l.get(i)));
      }
      return out.append(']').toString();
    }
    if (v instanceof java.util.Map<?, ?> m) {
      StringBuilder out = new StringBuilder("{");
      boolean first = true;
      for (java.util.Map.Entry<?, ?> e : m.entrySet()) {
        out.append(first ? "" : ", ").append(python(e.getKey())).append(": ").append(python(e.getValue()));
        first = false;
      }
      return out.append('}').toString();
    }
    // JSON string escapes are valid Python string escapes; \u2028 and friends are escaped too.
    return Json.string(v.toString());
  }
}
