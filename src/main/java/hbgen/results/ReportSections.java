package hbgen.results;

import static hbgen.results.ReportPage.esc;
import static hbgen.results.ReportPage.short4;

import hbgen.model.Batches;
import hbgen.plan.Bracket;
import hbgen.render.Json;
import hbgen.trial.FailureKind;
import hbgen.trial.TrialId;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sections of the report that are tables rather than charts: failed and interrupted trials, the
 * points of a grid (mean, standard deviation and count), and who proposed a BOHB search's
 * configurations.
 */
final class ReportSections {
  /** Failed and interrupted trials listed with their log at most; the counts cover all. */
  static final int FAILURES_LISTED = 50;
  /** Log lines shown per trial. */
  static final int LOG_LINES = 8;

  private ReportSections() {}

  /** Failed and interrupted trials: counts by kind, then each with its reason and last log lines. */
  static void failures(StringBuilder h, SearchResults results) {
    List<Trial> failed = results.trials().stream()
        .filter(t -> t.state() == TrialState.FAILED || t.state() == TrialState.INTERRUPTED).toList();
    h.append("<h2 id=\"failures\">Failures</h2>\n");
    if (failed.isEmpty()) {
      h.append("<p class=\"meta\">No trial has failed or been interrupted.</p>\n");
      return;
    }
    Map<FailureKind, Long> kinds = new TreeMap<>();
    failed.forEach(t -> kinds.merge(t.kind() == null ? FailureKind.OTHER : t.kind(), 1L, Long::sum));
    long interrupted = failed.stream().filter(t -> t.state() == TrialState.INTERRUPTED).count();
    h.append("<p class=\"meta\">").append(failed.size() - interrupted).append(" failed, ").append(interrupted)
        .append(" interrupted. Rerun them with <code>hbgen rerun</code>; details: <code>hbgen status --failed</code>.</p>\n");
    h.append("<table class=\"kinds\">\n<tr><th>kind</th><th class=\"num\">trials</th></tr>\n");
    kinds.forEach((k, n) -> h.append("<tr><td>").append(esc(k.words())).append("</td><td class=\"num\">").append(n)
        .append("</td></tr>\n"));
    h.append("</table>\n<div class=\"scroll\"><table class=\"wide failures\">\n<tr><th>trial</th><th class=\"num\">budget</th>")
        .append("<th>state</th><th>kind</th><th>reason</th><th>last log lines</th></tr>\n");
    for (Trial t : failed.subList(0, Math.min(failed.size(), FAILURES_LISTED))) {
      List<String> log = t.logTail().subList(Math.max(0, t.logTail().size() - LOG_LINES), t.logTail().size());
      h.append("<tr><td><code>").append(esc(t.id().path())).append("</code></td><td class=\"num\">")
          .append(esc(Json.budget(t.budget()))).append("</td><td>").append(esc(t.state().label())).append("</td><td>")
          .append(esc(t.kind() == null ? FailureKind.OTHER.words() : t.kind().words())).append("</td><td>")
          .append(esc(t.reason())).append("</td><td>")
          .append(log.isEmpty() ? "<span class=\"meta\">(no log)</span>" : "<pre class=\"log\">" + esc(String.join("\n", log)) + "</pre>")
          .append("</td></tr>\n");
    }
    h.append("</table></div>\n");
    if (failed.size() > FAILURES_LISTED) {
      h.append("<p class=\"meta\">The first ").append(FAILURES_LISTED).append(" of ").append(failed.size())
          .append(" are listed.</p>\n");
    }
  }

  /**
   * A grid's points: each configuration at its budget with the mean, standard deviation and count
   * of its completed trials (and failed ones), best mean first; the best point highlighted.
   */
  static void points(StringBuilder h, SearchResults results, List<Points.Point> points, Optional<Points.Point> best,
      List<ParameterScale> scales) {
    var direction = results.search().direction();
    List<Points.Point> ranked = Points.ranked(points, direction);
    String objective = results.search().objective().isEmpty() ? "objective" : results.search().objective();
    h.append("<h3>Points by mean ").append(esc(objective)).append(" (").append(esc(direction.label())).append(")</h3>\n");
    if (ranked.isEmpty()) {
      h.append("<p class=\"empty\">No trial has finished yet.</p>\n");
      return;
    }
    h.append("<p class=\"meta\">A point is one configuration (its config values without <code>seed</code>) at one budget; "
        + "the mean, standard deviation (n - 1) and count are over its completed trials; failed ones are counted apart. "
        + "Same ranking as <code>hbgen best --aggregate mean</code>.</p>\n");
    List<String> params = scales.stream().map(ParameterScale::name).filter(n -> !n.equals(Points.SEED)).toList();
    best.ifPresent(b -> {
      List<String> values = new ArrayList<>();
      params.forEach(k -> {
        if (b.params().containsKey(k)) {
          values.add(k + "=" + cell(b.params().get(k)));
        }
      });
      h.append("<p class=\"bestpoint\"><span class=\"tag final\">best point by mean</span> <code>")
          .append(esc(String.join(", ", values))).append("</code> at budget ").append(esc(Json.budget(b.budget())))
          .append(": mean ").append(esc(short4(b.mean()))).append(Double.isNaN(b.sd()) ? "" : ", sd " + esc(short4(b.sd())))
          .append(", ").append(b.count()).append(" completed trial").append(b.count() == 1 ? "" : "s")
          .append(b.failed() > 0 ? ", " + b.failed() + " failed" : "").append(".</p>\n");
    });
    h.append("<div class=\"scroll\"><table class=\"points\">\n<tr><th class=\"num\">rank</th>");
    params.forEach(p -> h.append("<th>").append(esc(p)).append("</th>"));
    h.append("<th class=\"num\">budget</th><th class=\"num\">mean</th><th class=\"num\">sd</th><th class=\"num\">n</th>")
        .append("<th class=\"num\">failed</th><th>trials</th></tr>\n");
    int rank = 0;
    for (Points.Point p : ranked) {
      boolean isBest = best.isPresent() && best.get().equals(p);
      h.append("<tr").append(isBest ? " class=\"best\"" : "").append("><td class=\"num\">")
          .append(Double.isNaN(p.mean()) ? "" : Integer.toString(++rank)).append(isBest ? " ★" : "").append("</td>");
      params.forEach(n -> h.append("<td>").append(esc(p.params().containsKey(n) ? cell(p.params().get(n)) : "")).append("</td>"));
      h.append("<td class=\"num\">").append(esc(Json.budget(p.budget()))).append("</td><td class=\"num\">")
          .append(esc(short4(p.mean()))).append("</td><td class=\"num\">").append(esc(short4(p.sd())))
          .append("</td><td class=\"num\">").append(p.count()).append("</td><td class=\"num").append(p.failed() == 0 ? " zero" : "")
          .append("\">").append(p.failed()).append("</td><td><code>").append(esc(trials(p))).append("</code></td></tr>\n");
    }
    h.append("</table></div>\n");
  }

  private static String trials(Points.Point p) {
    List<String> out = new ArrayList<>();
    p.members().forEach(m -> out.add(m.id().path().substring(m.id().path().lastIndexOf('/') + 1)));
    return String.join(" ", out);
  }

  private static String cell(Object v) {
    return v instanceof Double d ? short4(d) : ResultsTable.cell(v);
  }

  /**
   * A BOHB search's proposals per bracket: batches proposed so far and how many of their
   * configurations the model proposed rather than the prior (random draws, while the model has
   * too few results, and a share of every batch).
   */
  static void proposals(StringBuilder h, SearchResults results) {
    Batches batches = results.search().batches();
    if (batches == null) {
      return;
    }
    h.append("<h2 id=\"proposals\">Proposals of the model (BOHB)</h2>\n<p class=\"meta\">Stage-0 configurations are "
        + "proposed in batches of ").append(batches.size()).append(" as results come in (<code>proposal-K.yaml</code> of "
        + "each bracket). A configuration comes from BOHB's model of the results, or from the prior: random draws while "
        + "the model has too few results, and a fraction of every batch. Trials the model proposed are marked "
        + "<span class=\"tag model\">model</span> in the tables and named “(model)” in the bracket charts.</p>\n");
    h.append("<div class=\"scroll\"><table>\n<tr><th>bracket</th><th class=\"num\">batches proposed</th>")
        .append("<th class=\"num\">from the model</th><th class=\"num\">from the prior</th><th class=\"num\">not proposed yet</th></tr>\n");
    Map<TrialId, Boolean> from = results.proposals();
    for (Bracket b : results.search().plan().brackets()) {
      List<Batches.Batch> of = batches.of(b.index());
      long proposed = 0;
      long model = 0;
      long prior = 0;
      long waiting = 0;
      for (Batches.Batch batch : of) {
        boolean done = batch.trials().stream().anyMatch(from::containsKey);
        proposed += done ? 1 : 0;
        for (TrialId id : batch.trials()) {
          Boolean m = from.get(id);
          if (m == null) {
            waiting++;
          } else if (m) {
            model++;
          } else {
            prior++;
          }
        }
      }
      h.append("<tr><td>").append(b.index()).append("</td><td class=\"num\">").append(proposed).append(" of ").append(of.size())
          .append("</td><td class=\"num\">").append(model).append("</td><td class=\"num\">").append(prior)
          .append("</td><td class=\"num").append(waiting == 0 ? " zero" : "").append("\">").append(waiting).append("</td></tr>\n");
    }
    h.append("</table></div>\n");
  }

  /** The stage-0 trial a trial's configuration started as, following its promotions (itself at stage 0). */
  static TrialId origin(Map<TrialId, Trial> byId, Trial t) {
    Trial at = t;
    while (at.id().stage() > 0 && at.promotedFrom() != null && byId.containsKey(at.promotedFrom())) {
      at = byId.get(at.promotedFrom());
    }
    return at.id();
  }
}
