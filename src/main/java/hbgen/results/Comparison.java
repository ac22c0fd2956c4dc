package hbgen.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.render.Json;
import hbgen.search.SearchDir;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Several searches of one objective side by side ({@code hbgen compare}): for each, its best so
 * far against the budget its finished trials used ({@link BestSoFar}, the report's curve) and a
 * row of a table with its best under its own incumbent rule. Searches still running simply have
 * shorter curves. Costs are in hours when every search prices its budget in hours ({@code
 * generate -t}), else in budget units for all.
 *
 * @param objective the objective's name ("" for the bare number)
 * @param direction which way is better
 * @param hours whether costs are in hours (else budget units)
 * @param rows one per search, in the order given
 */
public record Comparison(String objective, Direction direction, boolean hours, List<Row> rows) {
  public Comparison {
    rows = List.copyOf(rows);
    if (rows.size() < 2) {
      throw new IllegalArgumentException("a comparison needs at least two searches, had " + rows.size());
    }
  }

  /**
   * One search.
   *
   * @param name its legend entry: the directory's name, or the path as given when names repeat
   * @param path the directory as given
   * @param strategy hyperband, random or grid
   * @param finished trials that finished (completed, failed or skipped)
   * @param trials every trial slot
   * @param curve its best so far against cumulative cost
   */
  public record Row(String name, String path, String strategy, long finished, int trials, BestSoFar curve) {
    /** Its best trial under the search's incumbent rule, if any completed. */
    public Optional<Outcome> best() {
      return curve.incumbent();
    }
  }

  /**
   * Compares searches, each shown under {@code shown} (the directories as the user named them).
   *
   * @throws UsageError when fewer than two searches are given, or their objectives or directions differ
   */
  public static Comparison of(List<Path> shown, List<SearchResults> searches) {
    if (shown.size() != searches.size()) {
      throw new IllegalArgumentException("one shown path per search: " + shown.size() + " paths, " + searches.size()
          + " searches");
    }
    if (searches.size() < 2) {
      throw new UsageError("compare needs at least two search directories, got " + searches.size()
          + (shown.isEmpty() ? "" : " (" + shown.get(0) + ")"));
    }
    SearchDir first = searches.get(0).search();
    for (int i = 1; i < searches.size(); i++) {
      SearchDir other = searches.get(i).search();
      if (!other.objective().equals(first.objective()) || other.direction() != first.direction()) {
        throw new UsageError(shown.get(i) + ": " + goal(other) + " differs from " + shown.get(0) + ": " + goal(first)
            + "; compare needs searches of the same objective and direction");
      }
    }
    boolean hours = searches.stream().allMatch(r -> ReportPlots.costHours(r.search()));
    List<String> names = names(shown);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < searches.size(); i++) {
      SearchResults r = searches.get(i);
      SearchDir search = r.search();
      ToDoubleFunction<Trial> cost = hours ? t -> ReportPlots.cost(search, t) : t -> ReportPlots.budgetSpent(search, t);
      rows.add(new Row(names.get(i), shown.get(i).toString(), search.strategy(), r.finished(), r.trials().size(),
          BestSoFar.of(r, cost)));
    }
    return new Comparison(first.objective(), first.direction(), hours, rows);
  }

  /** "objective loss (minimize)", or "the result's number (maximize)". */
  private static String goal(SearchDir search) {
    return (search.objective().isEmpty() ? "objective: the result's number" : "objective " + search.objective())
        + " (" + search.direction().label() + ")";
  }

  /** Directory names, or the paths as given when two directories share a name. */
  private static List<String> names(List<Path> shown) {
    List<String> names = shown.stream().map(p -> {
      Path n = p.toAbsolutePath().normalize().getFileName();
      return n == null ? p.toString() : n.toString();
    }).toList();
    Set<String> seen = new HashSet<>();
    boolean unique = names.stream().allMatch(seen::add);
    return unique ? names : shown.stream().map(Path::toString).toList();
  }

  /** What the x axis and the spent column count, with its unit. */
  public String costLabel() {
    return hours ? "cost (hours)" : "budget (budget units)";
  }

  /** The chart: one best-so-far line per search that has a completed trial. */
  public Plot plot() {
    List<Plot.Series> series = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    List<String> running = new ArrayList<>();
    for (Row r : rows) {
      if (r.curve().best().isEmpty()) {
        empty.add(r.name());
      } else {
        series.add(new Plot.Series(r.name(), BestSoFar.costs(r.curve().best()), BestSoFar.values(r.curve().best()),
            Plot.Style.STEP));
      }
      if (r.finished() < r.trials()) {
        running.add(r.name());
      }
    }
    String caption = series.isEmpty() ? "No search has a completed trial yet."
        : "One line per search: the best so far under its incumbent rule, against the "
            + (hours ? "cost" : "budget") + " its finished trials used, in the order they finished (failed trials count)."
            + (running.isEmpty() ? "" : " Not finished yet: " + String.join(", ", running) + " (their lines stop where they stand).")
            + (empty.isEmpty() ? "" : " No completed trial yet: " + String.join(", ", empty) + ".");
    return new Plot("compare", "Best so far against cumulative " + (hours ? "cost" : "budget"),
        "cumulative " + costLabel(), ReportPlots.objectiveLabel(objective, direction), false, List.of(), series, caption);
  }

  /** The table's header. */
  public List<String> header() {
    return List.of("search", "strategy", "finished", hours ? "cost spent (h)" : "budget spent",
        objective.isEmpty() ? "best" : "best " + objective, "trial", "budget");
  }

  /** The table's cells for one row ("-" where a search has no best yet). */
  public static List<String> cells(Row r) {
    Optional<Outcome> best = r.best();
    return List.of(r.name(), r.strategy(), r.finished() + "/" + r.trials(), Json.budget(round(r.curve().spent())),
        best.map(o -> o.objectiveText().isBlank() ? Json.number(o.objective()) : o.objectiveText()).orElse("-"),
        best.map(o -> o.id().path()).orElse("-"), best.map(o -> Json.budget(o.budget())).orElse("-"));
  }

  /** The table as aligned text, under one line naming the objective and the cost's unit. */
  public String text() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(header());
    rows.forEach(r -> lines.add(cells(r)));
    int[] width = new int[lines.get(0).size()];
    for (List<String> l : lines) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], l.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(objective.isEmpty() ? "Objective: the result's number" : "Objective " + objective).append(" (")
        .append(direction.label()).append("). Spent: the ").append(costLabel())
        .append(" of the finished trials, failed ones too. Best: under each search's incumbent rule.\n");
    for (List<String> l : lines) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width.length; i++) {
        // Numbers to the right, words to the left.
        boolean right = i == 3 || i == 4 || i == 6;
        String cell = l.get(i);
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(right ? pad + cell : cell + pad);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }

  /** The table as a JSON object (searches in the order given). */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("objective", objective.isEmpty() ? null : objective);
    m.put("direction", direction.label());
    m.put("unit", hours ? "hours" : "budget");
    List<Object> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("search", r.name());
      row.put("path", r.path());
      row.put("strategy", r.strategy());
      row.put("finished", r.finished());
      row.put("trials", r.trials());
      row.put("complete", r.finished() == r.trials());
      row.put("spent", round(r.curve().spent()));
      row.put("best", r.best().map(o -> {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("value", o.objective());
        b.put("trial", o.id().path());
        b.put("budget", o.budget() == Math.rint(o.budget()) ? (Object) (long) o.budget() : (Object) o.budget());
        return b;
      }).orElse(null));
      list.add(row);
    }
    m.put("searches", list);
    try {
      return BestAnswer.JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new RuntimeFailure("cannot write the comparison as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
