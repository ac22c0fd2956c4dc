package hbgen.status;

import hbgen.search.ProcessProbe;
import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.trial.TrialSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a search into a {@link SearchStatus}: the trials of a {@link SearchView} (which touches as
 * few files as it can) grouped by bracket and stage, with the pace the ledger shows.
 */
public final class StatusScanner {
  private final ProcessProbe probe;

  public StatusScanner(ProcessProbe probe) {
    this.probe = probe;
  }

  /**
   * Scans a search.
   *
   * @param search the opened search
   * @param displayRoot the root as the user named it
   */
  public SearchStatus scan(SearchDir search, String displayRoot) {
    SearchView view = SearchView.read(search, probe, false);
    Iterator<SearchView.Trial> trials = view.trials().iterator();
    List<BracketStatus> brackets = new ArrayList<>();
    for (Bracket b : search.plan().brackets()) {
      List<StageStatus> stages = new ArrayList<>();
      for (Stage s : b.stages()) {
        List<TrialSnapshot> slots = new ArrayList<>();
        for (long k = 0; k < s.configs(); k++) {
          slots.add(trials.next().snapshot());
        }
        stages.add(StageStatus.of(s, view.promotionDone(b.index(), s.index()), slots));
      }
      brackets.add(new BracketStatus(b.index(), search.plan().iteration(b), stages));
    }
    Path root = search.root();
    Path name = root.toAbsolutePath().normalize().getFileName();
    return new SearchStatus(name == null ? displayRoot : name.toString(), displayRoot, search.strategy(),
        search.objective(), search.direction(), costUnit(search.manifest()), costHours(search.manifest()), brackets,
        Pace.of(view.ledger().entries().values()), view.ledger().problems(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS), search.incumbent());
  }

  private static double costUnit(Map<String, Object> manifest) {
    if (manifest.get("cost") instanceof Map<?, ?> cost && cost.get("unit") instanceof Number n
        && n.doubleValue() > 0 && Double.isFinite(n.doubleValue())) {
      return n.doubleValue();
    }
    return 1.0;
  }

  private static boolean costHours(Map<String, Object> manifest) {
    return manifest.get("cost") instanceof Map<?, ?> cost && cost.get("epoch_hours") instanceof Number;
  }
}
