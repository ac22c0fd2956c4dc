package hbgen.render;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders plain values (maps, lists, strings, numbers, booleans) as JSON with sorted keys and
 * numbers that JSON, YAML 1.1 (PyYAML, SnakeYAML) and Python all read back as the same value:
 * floats always carry a dot and a signed exponent ({@code 1.0e-05}, never {@code 1e-5}, which
 * PyYAML reads as a string).
 */
public final class Json {
  private Json() {}

  /** Pretty JSON: nested maps indented by two spaces, one key per line, keys sorted. */
  public static String pretty(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0, true);
    return out.toString();
  }

  /** One-line JSON. */
  public static String inline(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, 0, false);
    return out.toString();
  }

  /** A float as text that reads back identically in JSON, YAML 1.1 and Python. */
  public static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    String s = Double.toString(d);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mantissa = s.substring(0, e);
    String exp = s.substring(e + 1);
    String sign = exp.startsWith("-") ? "-" : "+";
    String digits = exp.startsWith("-") ? exp.substring(1) : exp;
    if (digits.length() < 2) {
      digits = "0" + digits;
    }
    return mantissa + "e" + sign + digits;
  }

  /** A budget as a trainer wants it: {@code 3} for whole numbers, {@code 2.5} otherwise. */
  public static String budget(double budget) {
    if (budget == Math.rint(budget) && Math.abs(budget) < 1e15) {
      return Long.toString((long) budget);
    }
    return BigDecimal.valueOf(budget).stripTrailingZeros().toPlainString();
  }

  /** A JSON string literal. */
  public static String string(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2);
    appendString(s, out);
    return out.toString();
  }

  private static void appendString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void write(Object v, StringBuilder out, int indent, boolean pretty) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean b) {
      out.append(b);
    } else if (v instanceof Double || v instanceof Float) {
      out.append(number(((Number) v).doubleValue()));
    } else if (v instanceof BigDecimal d) {
      out.append(number(d.doubleValue()));
    } else if (v instanceof Number n) {
      out.append(n.toString());
    } else if (v instanceof CharSequence s) {
      appendString(s.toString(), out);
    } else if (v instanceof Map<?, ?> m) {
      writeMap(m, out, indent, pretty);
    } else if (v instanceof List<?> l) {
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(l.get(i), out, indent, false);
      }
      out.append(']');
    } else {
      appendString(v.toString(), out);
    }
  }

  private static boolean allStringKeys(Map<?, ?> m) {
    for (Object k : m.keySet()) {
      if (!(k instanceof String)) {
        return false;
      }
    }
    return true;
  }

  private static void writeMap(Map<?, ?> m, StringBuilder out, int indent, boolean pretty) {
    Map<?, ?> sorted = m;
    if (!(m instanceof java.util.SortedMap<?, ?> sm && sm.comparator() == null && allStringKeys(m))) {
      Map<String, Object> copy = new TreeMap<>();
      m.forEach((k, val) -> copy.put(String.valueOf(k), val));
      sorted = copy;
    }
    if (sorted.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      if (pretty) {
        out.append('\n').append("  ".repeat(indent + 1));
      } else if (out.charAt(out.length() - 1) != '{') {
        out.append(' ');
      }
      appendString(String.valueOf(e.getKey()), out);
      out.append(": ");
      write(e.getValue(), out, indent + 1, pretty);
    }
    if (pretty) {
      out.append('\n').append("  ".repeat(indent));
    }
    out.append('}');
  }
}
