package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import hbgen.trial.Best;
import hbgen.trial.Metrics;
import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The best configuration on disk, the one implementation ({@code hbgen run} at its end, and the
 * Snakefile's best job through {@code hbgen finish}): {@code best.yaml} and a copy of the winner's
 * {@code config} at the search root.
 */
public final class BestFiles {
  /** The summary file at the search root. */
  public static final String FILE = "best.yaml";

  private static final String NONE = "# No trial of this search finished with a usable result.\nfound: false\n";

  private BestFiles() {}

  /** Finds the best trial of the whole search and writes both files; returns it, if any. */
  public static Optional<Outcome> write(SearchDir search) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Bracket b : search.plan().brackets()) {
      for (Stage s : b.stages()) {
        for (long c = 0; c < s.configs(); c++) {
          TrialId id = new TrialId(b.index(), s.index(), c);
          outcomes.add(TrialFiles.outcome(search.dir(id), id, s.budget(), search.objective()));
        }
      }
    }
    Optional<Outcome> best = Best.of(outcomes, search.direction());
    Path root = search.root();
    if (best.isEmpty()) {
      AtomicFiles.write(root.resolve("config"), "");
      AtomicFiles.write(root.resolve(FILE), NONE);
      return best;
    }
    Outcome o = best.get();
    Path dir = search.dir(o.id());
    String config;
    try {
      config = TrialFiles.configText(dir.resolve("config"));
    } catch (IOException e) {
      throw new RuntimeFailure(dir.resolve("config") + ": cannot read: " + AtomicFiles.describe(e), e);
    }
    Map<String, String> named = TrialFiles.metrics(dir).map(Metrics::named).orElse(Map.of());
    AtomicFiles.write(root.resolve("config"), config);
    AtomicFiles.write(root.resolve(FILE), text(search, o, named, config));
    return best;
  }

  /** The text of {@code best.yaml} for the winner {@code o}. */
  public static String text(SearchDir search, Outcome o, Map<String, String> named, String config) {
    TrialId id = o.id();
    StringBuilder out = new StringBuilder();
    out.append("# Best configuration of the search: the best objective over all trials, ties to the larger budget.\n");
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
