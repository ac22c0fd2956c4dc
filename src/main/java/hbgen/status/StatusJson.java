package hbgen.status;

import hbgen.render.Json;
import hbgen.trial.TrialSnapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of {@code hbgen status --json}. Keys are sorted; every key is always present (null or
 * "" when there is nothing to say); numbers are plain JSON numbers and never NaN. Fields are added,
 * never renamed or removed, within one {@code schema_version}. Version 2: the {@code rerun} object
 * of {@code status --failed --json} names trials and the {@code hbgen rerun} command instead of
 * result files to delete.
 *
 * <pre>
 * {
 *   "schema_version": 2,
 *   "search": "my-search",             directory name
 *   "root": "runs/my-search",          the DIR given on the command line
 *   "strategy": "hyperband",           hyperband | random | grid
 *   "objective": "accuracy",           "" = the bare number or the only metric
 *   "direction": "maximize",           minimize | maximize
 *   "time": "2026-11-23T04:41:23Z",    when the search was looked at (UTC)
 *   "finished": false,                 every slot has its final result
 *   "trials": {"done": 14, "total": 22},
 *   "counts": {STATE: n, ...},         every state, see below
 *   "budget": {"spent": 40.0, "planned": 78.0, "left": 38.0},   budget units (trained, finished trials)
 *   "cost": {"unit": 1.0, "hours": false, "spent": 40.0, "planned": 78.0},   budget x cost.unit of the manifest
 *   "incumbent": "top-budget",         the rule that names "best": top-budget | all
 *   "best": TOP_ENTRY or null,
 *   "estimate": null or {"seconds_left": 190.0, "seconds_per_budget_unit": 2.1, "concurrency": 1.8, "observed": 14},
 *   "warnings": ["results.tsv: 1 malformed line ignored (first: line 17)"],
 *   "brackets": [
 *     {"bracket": 0, "iteration": 0, "stages_complete": 2, "stages_total": 3, "counts": {...}, "top": [TOP_ENTRY, ...],
 *      "stages": [
 *        {"stage": 0, "budget": 1.0, "slots": 9, "promotion_done": true, "complete": true, "counts": {...},
 *         "trials": [TRIAL, ...]}]}]
 * }
 * STATE      completed | failed | skipped | running | unverified | interrupted | pending | unproposed | unfilled
 * TRIAL      {"path": "bracket-0/stage-0/config-4", "config": 4, "state": STATE,
 *             "objective": 0.93 or null, "budget": 1.0,
 *             "reason": "" or why it failed / was skipped / is interrupted or unverified,
 *             "launcher": "" or e.g. "pid 4242 on node1, Slurm job 17",
 *             "duration_s": seconds of its last finished run (results.tsv) or null}
 * TOP_ENTRY  {"path": ..., "bracket": 0, "stage": 2, "config": 0, "objective": 0.9667, "budget": 9.0}
 * </pre>
 *
 * A trial's bracket and stage are those of its enclosing objects (and its path): they are left
 * out of TRIAL because a search may hold 140,000 slots.
 *
 * <p>{@code unverified} is the text output's "running (unverified)" ({@code ?}): started, no result,
 * and nothing here can check its launcher. {@code unfilled} ({@code _}) is a later-stage slot
 * whose promotion has not run yet; {@code unproposed} ({@code ~}) a stage-0 slot of a {@code --sampler
 * bohb} search whose batch has not been proposed yet (counted in every search, 0 in the others). The objective is in the trainer's own scale; {@code direction}
 * says which way is better.
 */
public final class StatusJson {
  /** Version of the schema above. */
  public static final int SCHEMA_VERSION = 2;

  private StatusJson() {}

  /** The document, pretty (one trial per line) or on one line. */
  public static String render(SearchStatus s, int top, boolean pretty) {
    StringBuilder out = new StringBuilder(1024 + 160 * (int) Math.min(1 << 22, s.counts().total()));
    write(document(s, top), out, 0, pretty);
    return out.append('\n').toString();
  }

  /** The document as plain maps and lists. */
  public static Map<String, Object> document(SearchStatus s, int top) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema_version", SCHEMA_VERSION);
    m.put("search", s.name());
    m.put("root", s.root());
    m.put("strategy", s.strategy());
    m.put("objective", s.objective());
    m.put("direction", s.direction().label());
    m.put("time", s.time().toString());
    m.put("finished", s.finished());
    Counts c = s.counts();
    m.put("trials", Map.of("done", c.finished(), "total", c.total()));
    m.put("counts", c.asMap());
    m.put("budget", Map.of("spent", s.budgetSpent(), "planned", s.budgetPlanned(), "left", s.budgetLeft()));
    m.put("cost", Map.of("unit", s.costUnit(), "hours", s.costHours(), "spent", s.budgetSpent() * s.costUnit(),
        "planned", s.budgetPlanned() * s.costUnit()));
    m.put("incumbent", s.incumbent().label());
    m.put("best", s.best().map(StatusJson::topEntry).orElse(null));
    m.put("estimate", s.estimate().map(e -> {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("seconds_left", finite(e.secondsLeft()));
      em.put("seconds_per_budget_unit", finite(e.secondsPerUnit()));
      em.put("concurrency", finite(e.concurrency()));
      em.put("observed", e.observed());
      return em;
    }).orElse(null));
    m.put("warnings", s.warnings());
    List<Object> brackets = new ArrayList<>();
    for (BracketStatus b : s.brackets()) {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("bracket", b.index());
      bm.put("iteration", b.iteration());
      bm.put("stages_complete", b.stagesComplete());
      bm.put("stages_total", b.stages().size());
      bm.put("counts", b.counts().asMap());
      bm.put("top", b.top(top, s.direction()).stream().map(StatusJson::topEntry).toList());
      List<Object> stages = new ArrayList<>();
      for (StageStatus st : b.stages()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("stage", st.stage().index());
        sm.put("budget", st.stage().budget());
        sm.put("slots", st.stage().configs());
        sm.put("promotion_done", st.promotionDone());
        sm.put("complete", st.complete());
        sm.put("counts", st.counts().asMap());
        sm.put("trials", st.trials().stream().map(StatusJson::trial).toList());
        stages.add(sm);
      }
      bm.put("stages", stages);
      brackets.add(bm);
    }
    m.put("brackets", brackets);
    return m;
  }

  /** JSON text written as is: trials are serialized by hand, because a search may hold 140,000 of them. */
  record Raw(String json) {}

  /** One trial, as in the schema, keys sorted. */
  static Raw trial(TrialSnapshot t) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"budget\": ").append(Json.number(t.budget()))
        .append(", \"config\": ").append(t.id().config())
        .append(", \"duration_s\": ").append(t.durationSeconds() >= 0 ? Long.toString(t.durationSeconds()) : "null")
        .append(", \"launcher\": ").append(Json.string(t.launcher()))
        .append(", \"objective\": ").append(Double.isFinite(t.objective()) ? Json.number(t.objective()) : "null")
        .append(", \"path\": ").append(Json.string(t.path()))
        .append(", \"reason\": ").append(Json.string(t.reason()))
        .append(", \"state\": \"").append(t.state().label()).append("\"}");
    return new Raw(b.toString());
  }

  private static Map<String, Object> topEntry(TrialSnapshot t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("path", t.path());
    m.put("bracket", t.id().bracket());
    m.put("stage", t.id().stage());
    m.put("config", t.id().config());
    m.put("objective", t.objective());
    m.put("budget", t.budget());
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** Pretty JSON of plain values (see {@link #write}). */
  static String pretty(Object v) {
    StringBuilder out = new StringBuilder();
    write(v, out, 0, true);
    return out.toString();
  }

  /**
   * JSON with sorted keys. Pretty output stays readable with many trials: a map or list holding
   * only scalars goes on one line, anything else gets one entry per line (so each trial is one
   * line). Compact output is one line.
   */
  static void write(Object v, StringBuilder out, int indent, boolean pretty) {
    if (v instanceof Raw raw) {
      out.append(raw.json());
    } else if (v instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, val) -> sorted.put(String.valueOf(k), val));
      boolean lines = pretty && !flat(sorted.values());
      String pad = "  ".repeat(indent + 1);
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        out.append(first ? "" : ",").append(lines ? "\n" + pad : first ? "" : " ");
        out.append(Json.string(e.getKey())).append(": ");
        write(e.getValue(), out, indent + 1, pretty);
        first = false;
      }
      out.append(lines ? "\n" + "  ".repeat(indent) : "").append('}');
    } else if (v instanceof List<?> list) {
      boolean lines = pretty && !flat(list);
      String pad = "  ".repeat(indent + 1);
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ",").append(lines ? "\n" + pad : i == 0 ? "" : " ");
        write(list.get(i), out, indent + 1, pretty);
      }
      out.append(lines && !list.isEmpty() ? "\n" + "  ".repeat(indent) : "").append(']');
    } else {
      out.append(Json.inline(v));
    }
  }

  private static boolean flat(Collection<?> values) {
    return values.stream().noneMatch(x -> x instanceof Map<?, ?> || x instanceof List<?> || x instanceof Raw);
  }
}
