package hbgen.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import hbgen.error.RuntimeFailure;
import hbgen.render.Json;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.search.TrialFiles;
import hbgen.search.YamlFiles;
import hbgen.trial.Best;
import hbgen.trial.Outcome;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The answer of {@code hbgen best}: the workflow's {@code best.yaml} once the search has finished,
 * otherwise the best so far, chosen by the same rule ({@link Best} under the search's {@link
 * hbgen.trial.Incumbent} rule). Ranked by another metric or direction ({@link Ranking}), it is
 * chosen from the trials by that rule too, and is final once every trial has finished.
 *
 * @param isFinal whether it can no longer change: it comes from {@code best.yaml} (the search
 *     finished) or, for another ranking, every trial has finished
 * @param trial the best trial
 * @param path the path of its config file, as the user reaches it
 * @param budget its budget
 * @param objective the objective's name (empty: the bare number), or the metric ranked by
 * @param direction minimize or maximize
 * @param value the objective, or the metric ranked by
 * @param metrics every metric of its result, sorted
 * @param configText its config file's text
 * @param params its configuration flattened, sorted
 * @param rule how the trial was chosen, in words: what best.yaml says, or the search's {@link
 *     hbgen.trial.Incumbent} rule
 * @param rankedBy the ranking in words when it is not the search's own (e.g. "loss (minimize)"), else empty
 */
public record BestAnswer(boolean isFinal, TrialId trial, String path, double budget, String objective, String direction,
    double value, Map<String, Double> metrics, String configText, Map<String, Object> params, String rule,
    String rankedBy) {
  /** How best.yaml begins; the rest of its first line says how the trial was chosen. */
  private static final String FILE_HEADER = "# Best configuration of the search: ";

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_.\\-/]*");
  private static final Pattern RESERVED = Pattern.compile("(?i)y|n|yes|no|true|false|on|off|null|nan|inf");
  /** Pretty JSON, one array element per line (as Python's json.dumps(indent=2) writes it). */
  static final ObjectWriter JSON = new ObjectMapper().writer(withArraysIndented(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))));

  public BestAnswer {
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    rankedBy = rankedBy == null ? "" : rankedBy;
  }

  /**
   * The answer under {@code ranking}: {@link #of(SearchResults, Path)} for the search's own, else
   * the best trial by that metric and direction under the search's incumbent rule (trials without
   * a finite value of the metric do not count); empty when no trial has one.
   */
  public static Optional<BestAnswer> of(SearchResults results, Path shownRoot, Ranking ranking) {
    SearchDir search = results.search();
    if (ranking.isSearchs(search.direction())) {
      return of(results, shownRoot);
    }
    if (ranking.aggregate() != Ranking.Aggregate.NONE) {
      throw new IllegalArgumentException("an aggregated ranking answers with a point, not a trial");
    }
    List<Outcome> outcomes = results.trials().stream().map(ranking::outcome).toList();
    String rule = search.incumbent().describe(ranking.what(), "trials");
    return Best.of(outcomes, ranking.direction(), search.incumbent())
        .map(o -> fromTrial(results, shownRoot, find(results, o.id()), results.complete(), ranking.metric(),
            ranking.direction().label(), o.objective(), rule, ranking.label()));
  }

  /**
   * The answer for a search: from {@code best.yaml} when it exists and names a trial, else the
   * best completed trial so far; empty when no trial has a usable result.
   */
  public static Optional<BestAnswer> of(SearchResults results, Path shownRoot) {
    SearchDir search = results.search();
    Layout layout = search.layout();
    String text = bestYaml(layout.best());
    if (text != null) {
      Optional<BestAnswer> written = fromFile(search, text, shownRoot);
      if (written != null) {
        return written;
      }
    }
    List<Outcome> outcomes = results.trials().stream().map(Trial::outcome).toList();
    return Best.of(outcomes, search.direction(), search.incumbent()).map(o -> {
      Trial t = find(results, o.id());
      return fromTrial(results, shownRoot, t, false, search.objective(), search.direction().label(), t.value(),
          search.incumbent().describe(), "");
    });
  }

  static Trial find(SearchResults results, TrialId id) {
    return results.trials().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
  }

  private static BestAnswer fromTrial(SearchResults results, Path shownRoot, Trial t, boolean isFinal, String objective,
      String direction, double value, String rule, String rankedBy) {
    return new BestAnswer(isFinal, t.id(), configPath(shownRoot, t.id()), t.budget(), objective, direction, value,
        t.metrics(), configText(results.search(), t.id()), t.params().values(), rule, rankedBy);
  }

  /** A trial's config file's text ("" when it has none). */
  static String configText(SearchDir search, TrialId id) {
    String config = TrialFiles.read(search.layout(), id, true).configText();
    return config == null ? "" : config;
  }

  /** The text of {@code best.yaml}, or null when it does not exist. */
  private static String bestYaml(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  /** The answer in {@code best.yaml}; empty if it says nothing finished; null if it cannot be read. */
  @SuppressWarnings("unchecked")
  private static Optional<BestAnswer> fromFile(SearchDir search, String text, Path shownRoot) {
    Object data;
    try {
      data = YamlFiles.safeYaml().load(text);
    } catch (YAMLException e) {
      return null;
    }
    if (!(data instanceof Map<?, ?> m)) {
      return null;
    }
    if (Boolean.FALSE.equals(m.get("found"))) {
      return Optional.empty();
    }
    try {
      TrialId id = Layout.parseTrial(String.valueOf(m.get("trial")));
      Map<String, Double> metrics = new TreeMap<>();
      if (m.get("metrics") instanceof Map<?, ?> mm) {
        mm.forEach((k, v) -> metrics.put(String.valueOf(k), number(v)));
      }
      String config = m.get("config") == null ? "" : String.valueOf(m.get("config"));
      Object objective = m.get("objective");
      return Optional.of(new BestAnswer(true, id, configPath(shownRoot, id), number(m.get("budget")),
          objective == null ? "" : String.valueOf(objective), String.valueOf(m.get("direction")),
          number(m.get("value")), metrics, config, ConfigParams.parse(config).values(), rule(text), ""));
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  private static double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    return ResultFormat.number(String.valueOf(v));
  }

  /** How best.yaml says its trial was chosen (files of older hbgen versions say it too). */
  private static String rule(String text) {
    String first = text.lines().findFirst().orElse("");
    return first.startsWith(FILE_HEADER) ? first.substring(FILE_HEADER.length()).replaceAll("\\.$", "") : "";
  }

  static String configPath(Path shownRoot, TrialId id) {
    return shownRoot.resolve(Layout.trialPath(id)).resolve(Layout.CONFIG).toString();
  }

  /** The answer as YAML, in the shape of the workflow's {@code best.yaml} plus {@code final} and {@code path}. */
  public String yaml(String progress) {
    StringBuilder out = new StringBuilder();
    if (!rankedBy.isEmpty()) {
      out.append("# Best configuration by ").append(rankedBy)
          .append(isFinal ? ", every trial finished: " : " so far (" + progress + "): ").append(rule).append(".\n");
    } else {
      out.append(isFinal
          ? "# Best configuration of the search (from best.yaml)" + (rule.isEmpty() ? "" : ": " + rule + ".") + "\n"
          : "# Best configuration so far: " + progress + ". best.yaml is written when the search finishes.\n");
    }
    out.append("final: ").append(isFinal).append('\n');
    out.append("found: true\n");
    out.append("trial: ").append(scalar(trial.path())).append('\n');
    out.append("path: ").append(scalar(path)).append('\n');
    out.append("bracket: ").append(trial.bracket()).append('\n');
    out.append("stage: ").append(trial.stage()).append('\n');
    out.append("config_id: ").append(trial.config()).append('\n');
    out.append("budget: ").append(Json.budget(budget)).append('\n');
    out.append("objective: ").append(objective.isEmpty() ? "null" : scalar(objective)).append('\n');
    out.append("direction: ").append(direction).append('\n');
    out.append("value: ").append(yamlNumber(value)).append('\n');
    if (metrics.isEmpty()) {
      out.append("metrics: {}\n");
    } else {
      out.append("metrics:\n");
      metrics.forEach((k, v) -> out.append("  ").append(scalar(k)).append(": ").append(yamlNumber(v)).append('\n'));
    }
    out.append("config: |\n");
    for (String line : configText.stripTrailing().split("\n", -1)) {
      out.append(line.isEmpty() ? "" : "  " + line).append('\n');
    }
    return out.toString();
  }

  /** The answer as a JSON object (the config both as text and as flattened parameters). */
  public String json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("final", isFinal);
    m.put("found", true);
    m.put("trial", trial.path());
    m.put("path", path);
    m.put("bracket", trial.bracket());
    m.put("stage", trial.stage());
    m.put("config_id", trial.config());
    m.put("budget", budget == Math.rint(budget) ? (Object) (long) budget : (Object) budget);
    m.put("objective", objective.isEmpty() ? null : objective);
    m.put("direction", direction);
    m.put("value", Double.isFinite(value) ? value : null);
    Map<String, Object> metricMap = new LinkedHashMap<>();
    metrics.forEach((k, v) -> metricMap.put(k, Double.isFinite(v) ? v : null));
    m.put("metrics", metricMap);
    m.put("params", params);
    m.put("config", configText);
    try {
      return JSON.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new RuntimeFailure("cannot write the best configuration as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static DefaultPrettyPrinter withArraysIndented(DefaultPrettyPrinter p) {
    p.indentArraysWith(new DefaultIndenter("  ", "\n"));
    return p;
  }

  /** A YAML 1.1 scalar that reads back as this string (plain when safe, else double-quoted). */
  static String scalar(String s) {
    return PLAIN.matcher(s).matches() && !RESERVED.matcher(s).matches() ? s : Json.string(s);
  }

  /** A number as PyYAML and SnakeYAML read it ({@code 1.0e-05}, {@code .nan}). */
  static String yamlNumber(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    return Json.number(d);
  }
}
