package hbgen.search;

import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.trial.Direction;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A search on disk, opened through its manifest: the plan, the objective and its direction, and
 * the paths of its trials. Readers (status, run, results) start here.
 *
 * @param root the search root
 * @param manifest the manifest's data
 * @param plan the plan the search was written with
 * @param objective the metric optimized (empty: the bare number or the only metric)
 * @param direction minimize or maximize
 */
public record SearchDir(Path root, Map<String, Object> manifest, Plan plan, String objective, Direction direction) {
  /** Opens {@code root}, or fails with a message saying why it is not a search. */
  public static SearchDir open(Path root) {
    if (!Files.isDirectory(root)) {
      throw new UsageError(root + ": no such search directory");
    }
    Path file = root.resolve(Manifest.FILE);
    if (!Files.isRegularFile(file)) {
      throw new UsageError(root + ": not an hbgen search (no " + Manifest.FILE + "; create one with 'hbgen generate ... -o DIR')");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + AtomicFiles.describe(e));
    }
    Map<String, Object> m = YamlFiles.loadMap(file.toString(), text);
    try {
      Plan plan = planOf(m);
      String objective = m.get("objective") == null ? "" : String.valueOf(m.get("objective"));
      Direction direction = Direction.of(String.valueOf(m.get("direction")));
      return new SearchDir(root, m, plan, objective, direction);
    } catch (RuntimeException e) {
      if (e instanceof UsageError) {
        throw e;
      }
      throw new UsageError(file + ": not a valid manifest: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static Plan planOf(Map<String, Object> m) {
    Map<String, Object> p = (Map<String, Object>) require(m, "plan");
    List<Bracket> brackets = new ArrayList<>();
    for (Object bo : (List<Object>) require(p, "brackets")) {
      Map<String, Object> b = (Map<String, Object>) bo;
      List<Stage> stages = new ArrayList<>();
      for (Object so : (List<Object>) require(b, "stages")) {
        Map<String, Object> s = (Map<String, Object>) so;
        stages.add(new Stage(((Number) require(s, "stage")).intValue(), ((Number) require(s, "configs")).longValue(),
            Double.parseDouble(String.valueOf(require(s, "budget"))),
            Double.parseDouble(String.valueOf(require(s, "previous_budget")))));
      }
      brackets.add(new Bracket(((Number) require(b, "bracket")).intValue(), ((Number) require(b, "s")).intValue(), stages));
    }
    return new Plan(((Number) require(p, "s_max")).intValue(), ((Number) require(p, "eta")).intValue(),
        ((Number) require(p, "guaranteed_budget")).doubleValue(), brackets);
  }

  private static Object require(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing field '" + key + "'");
    }
    return v;
  }

  /** The strategy that wrote the search: hyperband, random or grid. */
  public String strategy() {
    return String.valueOf(manifest.getOrDefault("strategy", "hyperband"));
  }

  /** A trial's directory. */
  public Path dir(TrialId id) {
    return root.resolve(id.path());
  }

  /** Every trial slot of the plan, in bracket, stage, config order. */
  public List<TrialId> trials() {
    List<TrialId> out = new ArrayList<>();
    for (Bracket b : plan.brackets()) {
      for (Stage s : b.stages()) {
        for (long c = 0; c < s.configs(); c++) {
          out.add(new TrialId(b.index(), s.index(), c));
        }
      }
    }
    return out;
  }

  /** The stage a trial belongs to. */
  public Stage stage(TrialId id) {
    return plan.bracket(id.bracket()).stages().get(id.stage());
  }
}
