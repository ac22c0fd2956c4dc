package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What rerunning trials invalidates, and removing it: the chosen trials, and everything that
 * depends on them, the later stages of their bracket (each promotion and its trials) and the best
 * configuration. Both engines then rerun exactly that: {@code hbgen run} runs what has no result,
 * and Snakemake what lacks its declared outputs (the trials' {@code done} markers, the
 * promotions, {@code best.yaml}).
 *
 * @param chosen the trials asked for
 * @param dependents the trials of later stages of their brackets (not chosen themselves)
 * @param promotions the stages whose promotion is undone
 */
public record Rerun(SortedSet<TrialId> chosen, SortedSet<TrialId> dependents, SortedSet<Schedule.StageRef> promotions) {
  /** A trial's files that say it finished; {@code done} first, so that it never outlives the result. */
  static final List<String> FINISH_FILES =
      List.of(Layout.DONE, Layout.RESULT, Layout.RESULT_NEW, Layout.FAILED, Layout.SKIPPED);
  /** What a promotion wrote into a slot. */
  static final List<String> PROMOTED_FILES = List.of(Layout.CONFIG, Layout.PROMOTED_FROM);

  public Rerun {
    chosen = new TreeSet<>(chosen);
    dependents = new TreeSet<>(dependents);
    promotions = new TreeSet<>(promotions);
  }

  /** The trials and promotions that depend on {@code chosen} in {@code plan}. */
  public static Rerun of(Plan plan, SortedSet<TrialId> chosen) {
    SortedSet<TrialId> dependents = new TreeSet<>();
    SortedSet<Schedule.StageRef> promotions = new TreeSet<>();
    for (TrialId t : chosen) {
      Bracket b = plan.bracket(t.bracket());
      for (Stage s : b.stages().subList(t.stage() + 1, b.stages().size())) {
        promotions.add(new Schedule.StageRef(b.index(), s.index()));
        for (long c = 0; c < s.configs(); c++) {
          dependents.add(new TrialId(b.index(), s.index(), c));
        }
      }
    }
    dependents.removeAll(chosen);
    return new Rerun(chosen, dependents, promotions);
  }

  /** Every file this rerun removes, in the order it removes them: what depends on something goes first. */
  public List<Path> files(SearchDir search) {
    Layout layout = search.layout();
    List<Path> out = new ArrayList<>(List.of(layout.best(), layout.bestConfig()));
    List<Schedule.StageRef> stages = new ArrayList<>(promotions);
    java.util.Collections.reverse(stages);
    for (Schedule.StageRef ref : stages) {
      out.add(layout.promotion(ref.bracket(), ref.stage()));
      for (TrialId t : dependents) {
        if (t.bracket() == ref.bracket() && t.stage() == ref.stage()) {
          FINISH_FILES.forEach(f -> out.add(layout.marker(t, f)));
          PROMOTED_FILES.forEach(f -> out.add(layout.marker(t, f)));
        }
      }
    }
    for (TrialId t : chosen) {
      FINISH_FILES.forEach(f -> out.add(layout.marker(t, f)));
    }
    return out;
  }

  /**
   * Removes the files, each whole. Every directory concerned is checked first, so a search that
   * cannot be changed is left as it was; the order keeps the search consistent at every step
   * (nothing is left that depends on a removed file).
   *
   * @return how many files it removed
   */
  public int apply(SearchDir search) {
    List<Path> files = files(search).stream().filter(f -> Files.exists(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList();
    for (Path f : files) {
      Path dir = f.toAbsolutePath().getParent();
      if (!Files.isWritable(dir)) {
        throw new RuntimeFailure(dir + ": not writable, so " + f.getFileName() + " cannot be removed; nothing was changed");
      }
    }
    int removed = 0;
    for (Path f : files) {
      try {
        removed += Files.deleteIfExists(f) ? 1 : 0;
      } catch (IOException e) {
        throw new RuntimeFailure(f + ": cannot remove: " + AtomicFiles.describe(e) + " (" + removed
            + " files removed before it; the search is consistent, run the same command again)", e);
      }
    }
    return removed;
  }
}
