package hbgen.prune;

import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.search.Layout;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pruning rule: which trials' checkpoints nobody will read again. A trial of stage J may lose
 * its checkpoints when the promotion into stage J+1 is done, the trial was not promoted, and it is
 * settled: its result was there when that promotion was made. (A trial of a promoted stage
 * without a result, or with a newer one, is being run again and waits for a new promotion that
 * may pick it: leave it alone.)
 * Promoted trials keep theirs (stage J+1 resumes from them, see HB_PARENT_DIR), and so does every
 * trial of a bracket's last stage: those are the trained models. A trial pruned here that a later
 * promotion does pick (after a rerun of its stage) trains from scratch, as any trainer without a
 * usable checkpoint does.
 */
public final class Prunable {
  private Prunable() {}

  /**
   * The prunable trials, in plan order.
   *
   * @param plan the search's plan
   * @param done the promotions that have been done (at most one per stage)
   * @param settled the trials whose result is no newer than the promotion out of their stage
   */
  public static List<TrialId> of(Plan plan, Collection<PromotionRecord> done, Set<TrialId> settled) {
    Map<String, PromotionRecord> byStage = new HashMap<>();
    for (PromotionRecord r : done) {
      Bracket b = bracket(plan, r.bracket());
      if (r.stage() >= b.stages().size()) {
        throw new IllegalArgumentException("bracket " + r.bracket() + " has no stage " + r.stage() + " to promote into");
      }
      if (byStage.put(key(r.bracket(), r.stage()), r) != null) {
        throw new IllegalArgumentException("two promotions into " + Layout.stagePath(r.bracket(), r.stage()));
      }
    }
    List<TrialId> out = new ArrayList<>();
    for (Bracket b : plan.brackets()) {
      for (int j = 0; j + 1 < b.stages().size(); j++) {
        PromotionRecord next = byStage.get(key(b.index(), j + 1));
        if (next == null) {
          continue;
        }
        Stage stage = b.stages().get(j);
        for (long c = 0; c < stage.configs(); c++) {
          TrialId id = new TrialId(b.index(), j, c);
          if (!next.promoted().contains(id) && settled.contains(id)) {
            out.add(id);
          }
        }
      }
    }
    return out;
  }

  private static Bracket bracket(Plan plan, int index) {
    return plan.brackets().stream().filter(b -> b.index() == index).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the plan has no bracket " + index));
  }

  private static String key(int bracket, int stage) {
    return bracket + "/" + stage;
  }
}
