package hbgen.importance;

import hbgen.render.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parameter importances of a search, as {@code hbgen importance} prints them.
 *
 * @param method how they were computed ({@code fanova})
 * @param objective the objective's name, or empty for a bare number
 * @param direction minimize or maximize (named only: variance does not depend on it)
 * @param budget the budget of the trials used, or null when trials of every budget were pooled
 * @param asked whether the budget was asked for ({@code --budget}) rather than chosen by the rule
 * @param threshold the completed trials a budget needs to be chosen by the rule (2 × parameters + 1)
 * @param trials how many completed trials the forest was fitted on
 * @param rows one per parameter, most important first; importances sum to 1
 * @param notAssessed parameters missing from some of those trials (conditional ones), sorted
 */
public record Importances(String method, String objective, String direction, Double budget, boolean asked, int threshold, int trials,
    List<Row> rows, List<String> notAssessed) {
  /** Width of a bar of importance 1 in the text view. */
  static final int BAR = 40;
  /** Below this many trials the text view says the estimate is rough. */
  static final int FEW = 10;

  /**
   * One parameter's importance.
   *
   * @param parameter its name
   * @param importance its share of the objective's variance, normalised over the parameters, in [0, 1]
   * @param std the standard deviation of its (unnormalised) share over the forest's trees
   */
  public record Row(String parameter, double importance, double std) {
    public Row {
      if (!(importance >= 0 && importance <= 1) || !(std >= 0)) {
        throw new IllegalArgumentException("importance of " + parameter + " must be in [0, 1] with std >= 0, was "
            + importance + " and " + std);
      }
    }
  }

  /** Most important first; ties by name, so that equal inputs print equal bytes. */
  static final Comparator<Row> ORDER =
      Comparator.comparingDouble((Row r) -> -r.importance()).thenComparing(Row::parameter);

  public Importances {
    if (threshold < 3 || threshold % 2 == 0) {
      throw new IllegalArgumentException("the threshold is 2 x parameters + 1, was " + threshold);
    }
    if (asked && budget == null) {
      throw new IllegalArgumentException("an asked-for budget must be named");
    }
    if (trials < 2) {
      throw new IllegalArgumentException("importances need at least 2 trials, had " + trials);
    }
    rows = rows.stream().sorted(ORDER).toList();
    notAssessed = notAssessed.stream().sorted().toList();
  }

  /** The view of {@code hbgen importance --format json}: sorted keys, one object. */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("budget", budget == null ? null : budget == Math.rint(budget) ? (Object) budget.longValue() : (Object) budget);
    m.put("trials", trials);
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      list.add(Map.of("parameter", r.parameter(), "importance", r.importance()));
    }
    m.put("importances", list);
    m.put("not_assessed", notAssessed);
    return Json.pretty(m) + "\n";
  }

  /** The view of {@code hbgen importance}: which trials, then a table of parameter, importance and a bar. */
  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("Parameter importance (fANOVA on a random forest) of ")
        .append(objective.isEmpty() ? "the objective" : objective).append(" (").append(direction).append(")\n");
    String rule = threshold + " (2 x " + (threshold - 1) / 2 + " parameters + 1)";
    out.append(trials).append(" completed trials ").append(budget == null ? "of every budget, as no budget has " + rule
        : "at budget " + Json.budget(budget) + (asked ? " (--budget)" : ", the largest budget with at least " + rule))
        .append('\n');
    if (trials < FEW) {
      out.append("Rough: fewer than ").append(FEW).append(" trials.\n");
    }
    int width = "parameter".length();
    for (Row r : rows) {
      width = Math.max(width, r.parameter().length());
    }
    out.append('\n').append(pad("parameter", width)).append("  importance\n");
    for (Row r : rows) {
      out.append(pad(r.parameter(), width)).append("  ").append(String.format(Locale.ROOT, "%10.3f", r.importance()))
          .append("  ").append("#".repeat((int) Math.round(r.importance() * BAR))).append('\n');
    }
    if (!notAssessed.isEmpty()) {
      out.append("\nNot assessed (missing from some of these trials): ").append(String.join(", ", notAssessed)).append('\n');
    }
    return out.toString().replaceAll(" +\n", "\n");
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}
