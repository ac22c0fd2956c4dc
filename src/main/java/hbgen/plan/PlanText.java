package hbgen.plan;

import java.util.Locale;

/** The printed plan (SPEC section 2): costs with two decimals, budgets with one. */
public final class PlanText {
  private PlanText() {}

  /** Renders the plan; with {@code resumed}, costs assume promoted trials resume. */
  public static String render(Plan plan, CostModel cost, boolean resumed) {
    return render("Hyperband", plan, cost, resumed);
  }

  /** Renders the plan under a title such as "Hyperband", "Random" or "Grid". */
  public static String render(String title, Plan plan, CostModel cost, boolean resumed) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s Search (cost: %.2f)\n", title, cost.plan(plan, resumed)));
    for (Bracket b : plan.brackets()) {
      out.append(String.format(Locale.ROOT, "  Bracket %d (cost: %.2f)\n", b.index(), cost.bracket(b, resumed)));
      for (Stage s : b.stages()) {
        double c = resumed ? cost.stageResumed(s) : cost.stage(s);
        out.append(String.format(Locale.ROOT,
            "    Stage %d - %d configurations each with budget %.1f (cost: %.2f)\n",
            s.index(), s.configs(), s.budget(), c));
      }
    }
    return out.toString();
  }
}
