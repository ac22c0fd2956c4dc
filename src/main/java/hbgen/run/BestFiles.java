package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.render.Json;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.search.TrialFiles;
import hbgen.search.TrialRecord;
import hbgen.trial.Best;
import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The best configuration on disk, the one implementation ({@code hbgen run} at its end, and the
 * Snakefile's best job through {@code hbgen finish}): {@code best.yaml} and a copy of the winner's
 * {@code config} at the search root.
 */
public final class BestFiles {
  private static final String NONE = "# No trial of this search finished with a usable result.\nfound: false\n";

  private BestFiles() {}

  /** Finds the best trial of the whole search and writes both files; returns it, if any. */
  public static Optional<Outcome> write(SearchDir search) {
    Optional<Outcome> best = Best.of(SearchView.outcomes(search, search.trials()), search.direction(),
        search.incumbent());
    Layout layout = search.layout();
    if (best.isEmpty()) {
      AtomicFiles.write(layout.bestConfig(), "");
      AtomicFiles.write(layout.best(), NONE);
      return best;
    }
    Outcome o = best.get();
    Path file = layout.marker(o.id(), Layout.CONFIG);
    String config;
    try {
      config = TrialFiles.configText(file);
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot read: " + AtomicFiles.describe(e), e);
    }
    TrialRecord.Result result = TrialFiles.result(layout.marker(o.id(), Layout.RESULT));
    Map<String, String> named = result.metrics() == null ? Map.of() : result.metrics().named();
    AtomicFiles.write(layout.bestConfig(), config);
    AtomicFiles.write(layout.best(), text(search, o, named, config));
    return best;
  }

  /** The text of {@code best.yaml} for the winner {@code o}. */
  public static String text(SearchDir search, Outcome o, Map<String, String> named, String config) {
    TrialId id = o.id();
    StringBuilder out = new StringBuilder();
    out.append("# Best configuration of the search: ").append(search.incumbent().describe()).append(".\n");
    out.append("found: true\n");
    out.append("trial: ").append(id.path()).append('\n');
    out.append("bracket: ").append(id.bracket()).append('\n');
    out.append("stage: ").append(id.stage()).append('\n');
    out.append("config_id: ").append(id.config()).append('\n');
    out.append("budget: ").append(Json.budget(search.stage(id).budget())).append('\n');
    out.append("objective: ").append(search.objective().isEmpty() ? "null" : search.objective()).append('\n');
    out.append("direction: ").append(search.direction().label()).append('\n');
    out.append("value: ").append(PromotionFiles.yamlNumber(o.objectiveText())).append('\n');
    if (named.isEmpty()) {
      out.append("metrics: {}\n");
    } else {
      out.append("metrics:\n");
      named.forEach((k, v) -> out.append("  ").append(yamlKey(k)).append(": ").append(PromotionFiles.yamlNumber(v)).append('\n'));
    }
    out.append("config: |\n");
    String body = config.replaceAll("\n+$", "");
    for (String line : body.split("\n", -1)) {
      out.append("  ").append(line).append('\n');
    }
    return out.toString();
  }

  /** A metric name as best.yaml writes it: bare when plain, else double-quoted. */
  static String yamlKey(String k) {
    if (k.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
      return k;
    }
    return '"' + k.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
