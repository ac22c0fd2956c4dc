package hbgen.trial;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of a trainer's {@code result} file, the one rule that run.sh's awk check also
 * implements (both are tested against src/test/resources/result-cases.tsv): one number, or a flat
 * map of metric names to numbers in YAML block, YAML flow or JSON form.
 *
 * <p>Decoding, the same in both: a leading UTF-8 byte order mark is dropped; every other byte is
 * one character (ISO-8859-1), so a byte that is not UTF-8 in a comment never makes a result
 * unreadable; lines end at LF; space, tab and CR are whitespace; a line whose first non-blank
 * character is {@code #} is a comment. Names and numbers are ASCII.
 */
public final class ResultFormat {
  private ResultFormat() {}

  /** Kind of a result that does not follow the grammar (or lacks the objective), as {@code failed} records it. */
  public static final String UNPARSEABLE = "unparseable";
  /** Kind of a result whose objective is NaN or infinite, as {@code failed} records it. */
  public static final String NAN_OBJECTIVE = "nan_objective";

  /** A decimal or scientific number, or a YAML/JSON/Python spelling of NaN or infinity. */
  public static final String NUMBER =
      "[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?"
          + "|[-+]?\\.?([iI]nf|INF|[iI]nfinity|INFINITY)|\\.?([nN]a[nN]|NAN)";

  private static final Pattern NUMBER_RE = Pattern.compile(NUMBER);
  private static final Pattern FINITE_RE = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  private static final Pattern ENTRY_RE = Pattern.compile(
      "(\"[^\"]*\"|'[^']*'|[A-Za-z_][A-Za-z0-9_.\\-]*)[ \\t]*:[ \\t]*(" + NUMBER + ")");
  private static final String BLANK = " \t\r";

  /** A result that is not a usable objective: its kind ({@link #UNPARSEABLE}, {@link #NAN_OBJECTIVE}) and why. */
  public static final class InvalidResult extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String kind;

    InvalidResult(String kind, String reason) {
      super(reason);
      this.kind = kind;
    }

    /** {@link #UNPARSEABLE} or {@link #NAN_OBJECTIVE}. */
    public String kind() {
      return kind;
    }
  }

  /** Parses a result file's bytes (decoded as the class comment says), or throws {@link InvalidResult}. */
  public static Metrics parse(byte[] bytes) {
    int from = bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF ? 3 : 0;
    return parse(new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1));
  }

  /** The objective's text of a result file's bytes: finite, or throws {@link InvalidResult} with its kind. */
  public static String objective(byte[] bytes, String objective) {
    String text;
    try {
      text = parse(bytes).objectiveText(objective);
    } catch (InvalidResult e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidResult(UNPARSEABLE, e.getMessage());
    }
    if (!FINITE_RE.matcher(text).matches()) {
      throw new InvalidResult(NAN_OBJECTIVE, "objective is " + text);
    }
    return text;
  }

  /**
   * Parses a result's text, or throws {@link InvalidResult} with a reason fit for the
   * {@code failed} marker. Text decoded some other way than {@link #parse(byte[])} does is read
   * with the same grammar (a leading U+FEFF is dropped).
   */
  public static Metrics parse(String text) {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      String t = trim(line, BLANK);
      if (!t.startsWith("#")) {
        body.append(t).append('\n');
      }
    }
    String all = trim(body.toString(), BLANK + "\n");
    if (all.isEmpty()) {
      throw new InvalidResult(UNPARSEABLE, "empty result");
    }
    if (NUMBER_RE.matcher(all).matches()) {
      return new Metrics(all, Map.of());
    }
    if (all.startsWith("{") && all.endsWith("}")) {
      all = all.substring(1, all.length() - 1);
    }
    Map<String, String> named = new LinkedHashMap<>();
    for (String raw : all.split("[,\n]")) {
      String entry = trim(raw, BLANK);
      if (entry.isEmpty()) {
        continue;
      }
      Matcher m = ENTRY_RE.matcher(entry);
      if (!m.matches()) {
        throw new InvalidResult(UNPARSEABLE, "unparseable result entry '" + shorten(entry)
            + "' (expected one number, or name: number pairs)");
      }
      String key = m.group(1);
      if (key.startsWith("\"") || key.startsWith("'")) {
        key = key.substring(1, key.length() - 1);
      }
      if (named.put(key, m.group(2)) != null) {
        throw new InvalidResult(UNPARSEABLE, "metric '" + key + "' appears twice in the result");
      }
    }
    if (named.isEmpty()) {
      throw new InvalidResult(UNPARSEABLE, "empty result");
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

  private static String trim(String s, String blank) {
    int from = 0;
    int to = s.length();
    while (from < to && blank.indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (to > from && blank.indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    return s.substring(from, to);
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
