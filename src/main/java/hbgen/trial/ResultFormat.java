package hbgen.trial;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a trainer's {@code result} file, shared word for word with the launcher's awk
 * and the workflow's Python (tested against the same cases): one number, or a flat map of metric
 * names to numbers in YAML block, YAML flow or JSON form. Lines starting with {@code #} are
 * comments.
 */
public final class ResultFormat {
  private ResultFormat() {}

  /** A decimal or scientific number, or a YAML/JSON/Python spelling of NaN or infinity. */
  public static final String NUMBER =
      "[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?"
          + "|[-+]?\\.?([iI]nf|INF|[iI]nfinity|INFINITY)|\\.?([nN]a[nN]|NAN)";

  private static final Pattern NUMBER_RE = Pattern.compile(NUMBER);
  private static final Pattern ENTRY_RE = Pattern.compile(
      "(\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_.\\-]*)[ \\t]*:[ \\t]*(" + NUMBER + ")");

  /** Parses a result file's text, or throws with a reason fit for the {@code failed} marker. */
  public static Metrics parse(String text) {
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String t = line.strip();
      if (!t.startsWith("#")) {
        body.append(t).append('\n');
      }
    }
    String all = body.toString().strip();
    if (all.isEmpty()) {
      throw new IllegalArgumentException("empty result");
    }
    if (NUMBER_RE.matcher(all).matches()) {
      return new Metrics(all, Map.of());
    }
    if (all.startsWith("{") && all.endsWith("}")) {
      all = all.substring(1, all.length() - 1);
    }
    Map<String, String> named = new LinkedHashMap<>();
    for (String raw : all.split("[,\n]")) {
      String entry = raw.strip();
      if (entry.isEmpty()) {
        continue;
      }
      Matcher m = ENTRY_RE.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("unparseable result entry '" + shorten(entry)
            + "' (expected one number, or name: number pairs)");
      }
      String key = m.group(1);
      if (key.startsWith("\"") || key.startsWith("'")) {
        key = key.substring(1, key.length() - 1);
      }
      if (named.put(key, m.group(2)) != null) {
        throw new IllegalArgumentException("metric '" + key + "' appears twice in the result");
      }
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("empty result");
    }
    return new Metrics(null, named);
  }

  /** The value of a number's text (which matched {@link #NUMBER}). */
  public static double number(String text) {
    String t = text.strip();
    String lower = t.toLowerCase(java.util.Locale.ROOT).replace(".", "");
    if (lower.equals("nan")) {
      return Double.NaN;
    }
    if (lower.matches("[-+]?inf(inity)?")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(t);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
