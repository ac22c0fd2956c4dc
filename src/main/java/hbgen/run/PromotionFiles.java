package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.plan.Bracket;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.search.TrialFiles;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import hbgen.trial.Promotion;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Promotion on disk, the one implementation: {@code hbgen run} calls it, and so does the
 * Snakefile's promote job (through {@code hbgen promote}), so that a search can move between the
 * two engines. Per filled slot {@code config} (the parent's) and {@code promoted-from}, stale ones removed from
 * unfilled slots, and {@code bracket-I/stage-J/promotion.yaml}, written last.
 */
public final class PromotionFiles {
  private PromotionFiles() {}

  /** Whether the promotion into this stage has been written. */
  public static boolean done(Path root, Schedule.StageRef stage) {
    return Files.exists(new Layout(root).promotion(stage.bracket(), stage.stage()));
  }

  /** Promotes the trials of stage {@code stage - 1} of a bracket into stage {@code stage}. */
  public static Promotion promote(SearchDir search, Schedule.StageRef into) {
    Bracket bracket = search.plan().bracket(into.bracket());
    if (into.stage() < 1 || into.stage() >= bracket.stages().size()) {
      throw new IllegalArgumentException("bracket " + into.bracket() + " has no stage " + into.stage() + " to promote into");
    }
    var before = bracket.stages().get(into.stage() - 1);
    long slots = bracket.stages().get(into.stage()).configs();
    List<TrialId> ids = new ArrayList<>();
    for (long c = 0; c < before.configs(); c++) {
      ids.add(new TrialId(into.bracket(), into.stage() - 1, c));
    }
    Promotion promotion = Promotion.of(SearchView.outcomes(search, ids), slots, search.direction());
    Layout layout = search.layout();
    try {
      for (long k = 0; k < slots; k++) {
        TrialId slot = new TrialId(into.bracket(), into.stage(), k);
        if (k < promotion.promoted().size()) {
          TrialId parent = promotion.promoted().get((int) k).id();
          String config = TrialFiles.configText(layout.marker(parent, Layout.CONFIG));
          AtomicFiles.write(layout.marker(slot, Layout.CONFIG), config);
          AtomicFiles.write(layout.marker(slot, Layout.PROMOTED_FROM), Layout.trialPath(parent) + "\n");
        } else {
          Files.deleteIfExists(layout.marker(slot, Layout.CONFIG));
          Files.deleteIfExists(layout.marker(slot, Layout.PROMOTED_FROM));
        }
      }
    } catch (IOException e) {
      throw new RuntimeFailure(layout.stageDir(into.bracket(), into.stage()) + ": cannot promote: "
          + AtomicFiles.describe(e), e);
    }
    AtomicFiles.write(layout.promotion(into.bracket(), into.stage()),
        text(into, promotion, search.objective(), search.direction()).getBytes(StandardCharsets.UTF_8));
    return promotion;
  }

  /** The text of {@code promotion.yaml}. */
  public static String text(Schedule.StageRef into, Promotion promotion, String objective, Direction direction) {
    StringBuilder out = new StringBuilder();
    out.append("# Promotion into bracket ").append(into.bracket()).append(", stage ").append(into.stage())
        .append(": best first; failed trials are never promoted.\n");
    out.append("bracket: ").append(into.bracket()).append('\n');
    out.append("stage: ").append(into.stage()).append('\n');
    out.append("objective: ").append(objective.isEmpty() ? "null" : objective).append('\n');
    out.append("direction: ").append(direction.label()).append('\n');
    out.append("slots: ").append(promotion.slots()).append('\n');
    out.append("promoted: ").append(promotion.promoted().size()).append('\n');
    out.append("shortfall: ").append(promotion.shortfall()).append('\n');
    out.append("ranking:\n");
    Map<TrialId, Integer> slotOf = new HashMap<>();
    for (int k = 0; k < promotion.promoted().size(); k++) {
      slotOf.put(promotion.promoted().get(k).id(), k);
    }
    for (Outcome o : promotion.ranking()) {
      Integer k = slotOf.get(o.id());
      out.append("- {trial: ").append(o.id().path())
          .append(", value: ").append(yamlNumber(o.objectiveText()))
          .append(", promoted_to: ").append(k == null ? "null" : new TrialId(into.bracket(), into.stage(), k).path())
          .append("}\n");
    }
    return out.toString();
  }

  /** A number's text as promotion.yaml and best.yaml write it: YAML's .nan and .inf for the non-finite. */
  public static String yamlNumber(String text) {
    double v = ResultFormat.number(text);
    if (Double.isNaN(v)) {
      return ".nan";
    }
    if (Double.isInfinite(v)) {
      return v < 0 ? "-.inf" : ".inf";
    }
    return text.strip();
  }
}
