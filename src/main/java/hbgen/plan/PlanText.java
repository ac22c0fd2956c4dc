package hbgen.plan;

import java.util.Locale;

/** The printed plan (SPEC section 2): costs with two decimals, budgets with one. */
public final class PlanText {
  private PlanText() {}

  /** Renders the plan; with {@code resumed}, costs assume promoted trials resume. */
  public static String render(Plan plan, CostModel cost, boolean resumed) {
    return render("Hyperband", plan, cost, resumed);
  }

  /**
   * Renders the plan under a title such as "Hyperband", "Random" or "Grid". With {@code resumed},
   * costs assume that promoted trials continue from their parent's checkpoint, and the cost from
   * scratch is shown beside them.
   */
  public static String render(String title, Plan plan, CostModel cost, boolean resumed) {
    StringBuilder out = new StringBuilder();
    if (resumed) {
      out.append(String.format(Locale.ROOT, "%s Search (cost: %.2f resuming from checkpoints, %.2f from scratch)\n",
          title, cost.plan(plan, true), cost.plan(plan, false)));
    } else {
      out.append(String.format(Locale.ROOT, "%s Search (cost: %.2f)\n", title, cost.plan(plan, false)));
    }
    for (Bracket b : plan.brackets()) {
      out.append(String.format(Locale.ROOT, "  Bracket %d (cost: %.2f)\n", b.index(), cost.bracket(b, resumed)));
      for (Stage s : b.stages()) {
        double c = resumed ? cost.stageResumed(s) : cost.stage(s);
        if (resumed && s.index() > 0) {
          out.append(String.format(Locale.ROOT,
              "    Stage %d - %d configurations each with budget %.1f, %.1f of it new (cost: %.2f)\n",
              s.index(), s.configs(), s.budget(), s.budget() - s.previousBudget(), c));
        } else {
          out.append(String.format(Locale.ROOT,
              "    Stage %d - %d configurations each with budget %.1f (cost: %.2f)\n",
              s.index(), s.configs(), s.budget(), c));
        }
      }
    }
    return out.toString();
  }
}
