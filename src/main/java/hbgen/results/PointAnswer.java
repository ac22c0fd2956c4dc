package hbgen.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import hbgen.error.RuntimeFailure;
import hbgen.render.Json;
import hbgen.search.SearchDir;
import hbgen.trial.TrialId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answer of {@code hbgen best --aggregate mean}: the best {@link Points.Point} by the mean of
 * a metric, under the search's incumbent rule, with its standard deviation, count and trials.
 *
 * @param isFinal whether every trial has finished (the answer can no longer change)
 * @param point the point
 * @param metric the metric averaged
 * @param direction minimize or maximize
 * @param rule how the point was chosen, in words
 * @param rankedBy the ranking in words, e.g. "mean loss (minimize)"
 * @param paths the path of each member's config file, as the user reaches it, in member order
 */
public record PointAnswer(boolean isFinal, Points.Point point, String metric, String direction, String rule,
    String rankedBy, List<String> paths) {
  public PointAnswer {
    paths = List.copyOf(paths);
    if (paths.size() != point.members().size()) {
      throw new IllegalArgumentException("one path per trial of the point: " + paths.size() + " for "
          + point.members().size());
    }
  }

  /** The best point of a search's trials under {@code ranking}; empty when no point has a value. */
  public static Optional<PointAnswer> of(SearchResults results, Path shownRoot, Ranking ranking) {
    SearchDir search = results.search();
    List<Points.Point> points = Points.of(results.trials(), ranking::value);
    String rule = search.incumbent().describe(ranking.what(), "points");
    return Points.best(points, ranking.direction(), search.incumbent()).map(p -> new PointAnswer(results.complete(), p,
        ranking.metric(), ranking.direction().label(), rule, ranking.label(),
        p.members().stream().map(m -> BestAnswer.configPath(shownRoot, m.id())).toList()));
  }

  /** The answer as YAML: the point's statistics, its configuration and its trials. */
  public String yaml(String progress) {
    StringBuilder out = new StringBuilder();
    out.append("# Best point by ").append(rankedBy).append(isFinal ? ", every trial finished: " : " so far (" + progress + "): ")
        .append(rule).append(".\n# A point is one configuration (its config values without seed) at one budget; ")
        .append("its failed trials are counted in failed, not in the mean.\n");
    out.append("final: ").append(isFinal).append('\n');
    out.append("found: true\n");
    out.append("aggregate: mean\n");
    out.append("budget: ").append(Json.budget(point.budget())).append('\n');
    out.append("objective: ").append(BestAnswer.scalar(metric)).append('\n');
    out.append("direction: ").append(direction).append('\n');
    out.append("mean: ").append(BestAnswer.yamlNumber(point.mean())).append('\n');
    out.append("sd: ").append(Double.isNaN(point.sd()) ? "null" : BestAnswer.yamlNumber(point.sd())).append('\n');
    out.append("count: ").append(point.count()).append('\n');
    out.append("failed: ").append(point.failed()).append('\n');
    if (point.params().isEmpty()) {
      out.append("params: {}\n");
    } else {
      out.append("params:\n");
      point.params().forEach((k, v) -> out.append("  ").append(BestAnswer.scalar(k)).append(": ").append(yamlValue(v))
          .append('\n'));
    }
    out.append("trials:\n");
    for (int i = 0; i < paths.size(); i++) {
      Points.Member m = point.members().get(i);
      out.append("  - trial: ").append(BestAnswer.scalar(m.id().path())).append('\n');
      out.append("    path: ").append(BestAnswer.scalar(paths.get(i))).append('\n');
      out.append("    state: ").append(m.failed() ? "failed" : "completed").append('\n');
      out.append("    value: ").append(BestAnswer.yamlNumber(m.value())).append('\n');
    }
    return out.toString();
  }

  /** The answer as a JSON object with the same fields. */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("final", isFinal);
    m.put("found", true);
    m.put("aggregate", "mean");
    m.put("budget", point.budget() == Math.rint(point.budget()) ? (Object) (long) point.budget() : (Object) point.budget());
    m.put("objective", metric);
    m.put("direction", direction);
    m.put("mean", finite(point.mean()));
    m.put("sd", finite(point.sd()));
    m.put("count", point.count());
    m.put("failed", point.failed());
    m.put("params", point.params());
    List<Map<String, Object>> trials = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      Points.Member member = point.members().get(i);
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("trial", member.id().path());
      t.put("path", paths.get(i));
      t.put("state", member.failed() ? "failed" : "completed");
      t.put("value", finite(member.value()));
      trials.add(t);
    }
    m.put("trials", trials);
    try {
      return BestAnswer.JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new RuntimeFailure("cannot write the best point as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The trials of the point, in plan order. */
  public List<TrialId> trials() {
    return point.members().stream().map(Points.Member::id).toList();
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  /** A parameter value as YAML: numbers and plain strings as scalars, anything else as flow JSON. */
  private static String yamlValue(Object v) {
    if (v instanceof Double d) {
      return BestAnswer.yamlNumber(d);
    }
    if (v instanceof String s) {
      return BestAnswer.scalar(s);
    }
    return v == null ? "null" : Json.inline(v);
  }
}
