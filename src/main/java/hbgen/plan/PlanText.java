package hbgen.plan;

import java.util.List;
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
   * scratch is shown beside them. A plan of several iterations of the outer loop lists its brackets
   * under each iteration, with the iteration's cost; the first line has the total.
   */
  public static String render(String title, Plan plan, CostModel cost, boolean resumed) {
    StringBuilder out = new StringBuilder();
    int iterations = plan.iterations();
    String of = iterations > 1 ? String.format(Locale.ROOT, ", %d iterations", iterations) : "";
    if (resumed) {
      out.append(String.format(Locale.ROOT, "%s Search%s (cost: %.2f resuming from checkpoints, %.2f from scratch)\n",
          title, of, cost.plan(plan, true), cost.plan(plan, false)));
    } else {
      out.append(String.format(Locale.ROOT, "%s Search%s (cost: %.2f)\n", title, of, cost.plan(plan, false)));
    }
    if (iterations == 1) {
      brackets(out, plan.brackets(), cost, resumed, "  ");
      return out.toString();
    }
    for (int k = 0; k < iterations; k++) {
      List<Bracket> brackets = plan.brackets(k);
      double total = brackets.stream().mapToDouble(b -> cost.bracket(b, resumed)).sum();
      out.append(String.format(Locale.ROOT, "  Iteration %d (cost: %.2f)\n", k, total));
      brackets(out, brackets, cost, resumed, "    ");
    }
    return out.toString();
  }

  private static void brackets(StringBuilder out, List<Bracket> brackets, CostModel cost, boolean resumed, String indent) {
    for (Bracket b : brackets) {
      out.append(indent).append(String.format(Locale.ROOT, "Bracket %d (cost: %.2f)\n", b.index(), cost.bracket(b, resumed)));
      for (Stage s : b.stages()) {
        out.append(indent);
        double c = resumed ? cost.stageResumed(s) : cost.stage(s);
        if (resumed && s.index() > 0) {
          out.append(String.format(Locale.ROOT,
              "  Stage %d - %d configurations each with budget %.1f, %.1f of it new (cost: %.2f)\n",
              s.index(), s.configs(), s.budget(), s.budget() - s.previousBudget(), c));
        } else {
          out.append(String.format(Locale.ROOT,
              "  Stage %d - %d configurations each with budget %.1f (cost: %.2f)\n",
              s.index(), s.configs(), s.budget(), c));
        }
      }
    }
  }
}
