package hbgen.search;

import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The search's manifest {@code hbgen.yaml}: how it was made and what it plans. */
public final class Manifest {
  /** File name at the search root. */
  public static final String FILE = "hbgen.yaml";

  private Manifest() {}

  /** The manifest's data (keys sorted), ready to dump. */
  public static Map<String, Object> of(SearchSpec spec, String version, String created) {
    String gitCommit = spec.gitCommit();
    Map<String, Object> m = new TreeMap<>();
    m.put("hbgen_version", version);
    m.put("created", created);
    m.put("command", spec.command());
    m.put("cwd_git_commit", gitCommit);
    m.put("strategy", spec.strategy());
    m.put("seed", spec.seed());
    m.put("objective", spec.objective());
    m.put("direction", spec.direction().label());
    m.put("incumbent", spec.incumbent().label());
    m.put("retries", spec.retries());
    m.put("resume_from_parent", spec.resumeFromParent());
    m.put("allow_duplicates", spec.allowDuplicates());
    if (spec.sampler().proposes()) {
      // Written only for a model-based sampler, so that a search of random draws keeps its bytes.
      Map<String, Object> sampler = new TreeMap<>();
      sampler.put("name", spec.sampler().kind().label());
      sampler.put("batch", spec.sampler().batch());
      m.put(SAMPLER, sampler);
    }
    Map<String, Object> trainer = new TreeMap<>();
    trainer.put("command", spec.trainer());
    trainer.put("dir", spec.trainerDir());
    trainer.put("bundled_example", spec.bundledExample());
    m.put("trainer", trainer);
    m.put("launcher", spec.launcher().manifest());
    Map<String, Object> cost = new TreeMap<>();
    cost.put("repetitions", spec.cost().repetitions());
    cost.put("folds", spec.cost().folds());
    cost.put("epoch_hours", Double.isNaN(spec.cost().epochHours()) ? null : spec.cost().epochHours());
    cost.put("unit", spec.cost().unit());
    cost.put("planned", spec.cost().plan(spec.plan(), false));
    cost.put("planned_resuming", spec.cost().plan(spec.plan(), true));
    m.put("cost", cost);
    Map<String, Object> plan = new TreeMap<>();
    plan.put("s_max", spec.plan().sMax());
    plan.put("eta", spec.plan().eta());
    plan.put("guaranteed_budget", spec.plan().guaranteedBudget());
    if (spec.plan().iterations() > 1) {
      // Written only for several iterations, so that a search of one keeps its bytes.
      plan.put("iterations", spec.plan().iterations());
    }
    List<Object> brackets = new ArrayList<>();
    for (Bracket b : spec.plan().brackets()) {
      Map<String, Object> bm = new LinkedHashMap<>();
      bm.put("bracket", b.index());
      bm.put("s", b.s());
      List<Object> stages = new ArrayList<>();
      for (Stage s : b.stages()) {
        Map<String, Object> sm = new LinkedHashMap<>();
        sm.put("stage", s.index());
        sm.put("configs", s.configs());
        sm.put("budget", Json.budget(s.budget()));
        sm.put("previous_budget", Json.budget(s.previousBudget()));
        stages.add(sm);
      }
      bm.put("stages", stages);
      brackets.add(bm);
    }
    plan.put("brackets", brackets);
    m.put("plan", plan);
    Map<String, Object> space = new TreeMap<>();
    space.put("file", spec.spacePath());
    space.put("text", spec.space().text());
    m.put("space", space);
    if (spec.snapshot() != null) {
      Map<String, Object> snap = new TreeMap<>();
      snap.put("dir", Snapshot.DIR);
      snap.put("files", spec.snapshot().files().size());
      snap.put("git_commit", spec.snapshot().commit());
      snap.put("git_dirty", spec.snapshot().dirty());
      m.put("snapshot", snap);
    }
    return m;
  }

  /**
   * The manifest of a search extended in place ({@code hbgen extend}): the one {@code spec} writes,
   * with the recorded creation time, the recorded extensions and {@code extension} after them.
   */
  public static Map<String, Object> extended(SearchSpec spec, String version, String created,
      List<? extends Map<String, Object>> earlier, Map<String, Object> extension) {
    Map<String, Object> m = of(spec, version, created);
    List<Object> extensions = new ArrayList<>();
    earlier.forEach(e -> extensions.add(new TreeMap<>(e)));
    extensions.add(new TreeMap<>(extension));
    m.put(EXTENDED, extensions);
    return m;
  }

  /** Key of the sampler (name, batch) of a search whose configurations a model proposes. */
  public static final String SAMPLER = "sampler";

  /** Key of the list of extensions (time, iterations added) of a search extended in place. */
  public static final String EXTENDED = "extended";

  /** The manifest's text. */
  public static String text(Map<String, Object> data) {
    return "# Manifest of an hbgen search: how it was made and what it plans. Do not edit.\n"
        + YamlFiles.dump(data);
  }
}
