package hbgen.search;

import hbgen.model.Batches;

import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.trial.FailureKind;
import hbgen.trial.Outcome;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import hbgen.trial.TrialState.Liveness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A snapshot of a search: plan + trial records + ledger turned into one {@link TrialState} and one
 * value per trial, by the one rule documented on {@link TrialState}. status, results, best, the
 * report, promotion and the best job all read trials through here, so that whatever the files
 * hold they report the same state and value for a trial.
 *
 * <p>Searches run to about 100,000 trials, so a completed trial whose ledger line is no older than
 * its {@code result} (one {@code stat}) is taken from the ledger without opening its directory;
 * only then are its files read. A caller that wants every record ({@code results}) still gets
 * the ledger's state and value for such a trial: the decision never depends on how much was read.
 * Stages are read in order, the slots of a stage in parallel; launchers of started trials are
 * checked in one batch.
 */
public final class SearchView {
  /** How much newer than its ledger line a result may be and still match it: the ledger's time has whole seconds. */
  static final long LEDGER_SLACK_MILLIS = 2_000;
  private static final Pattern NUMBER = Pattern.compile(ResultFormat.NUMBER);
  private static final String NOT_PROMOTED = "not promoted: the previous stage had too few finished trials";

  /**
   * One trial.
   *
   * @param snapshot its state and value, as every command reports them
   * @param record its files, or null when they were not read (the ledger covered it, or its stage does not exist yet)
   * @param entry its last ledger line, or null
   */
  public record Trial(TrialSnapshot snapshot, TrialRecord record, Ledger.Entry entry) {
    public Trial {
      if (snapshot == null) {
        throw new IllegalArgumentException("a trial of a view needs its snapshot");
      }
    }

    /** The trial's id. */
    public TrialId id() {
      return snapshot.id();
    }
  }

  private final SearchDir search;
  private final Ledger ledger;
  private final List<Trial> trials;
  private final Set<List<Integer>> promoted;

  private SearchView(SearchDir search, Ledger ledger, List<Trial> trials, Set<List<Integer>> promoted) {
    this.search = search;
    this.ledger = ledger;
    this.trials = List.copyOf(trials);
    this.promoted = Set.copyOf(promoted);
  }

  /**
   * Reads every trial of a search.
   *
   * @param probe checks the launchers of started trials; null leaves them unverified
   * @param records whether to read every trial's files (with its config), also those the ledger covers
   */
  public static SearchView read(SearchDir search, ProcessProbe probe, boolean records) {
    Layout layout = search.layout();
    Ledger ledger = Ledger.read(layout);
    List<Trial[]> stages = new ArrayList<>();
    Set<List<Integer>> promoted = new HashSet<>();
    Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    Batches batches = search.batches();
    for (Bracket b : search.plan().brackets()) {
      for (Stage s : b.stages()) {
        boolean done = s.index() > 0 && layout.promotion(b.index(), s.index()).toFile().isFile();
        // Stage 0 of a model-based search: which of its batches are proposed (their slots are filled).
        Set<Integer> proposed = new HashSet<>();
        if (s.index() == 0 && batches != null) {
          for (Batches.Batch batch : batches.of(b.index())) {
            if (layout.proposal(b.index(), batch.index()).toFile().isFile()) {
              proposed.add(batch.index());
            }
          }
        }
        if (done) {
          promoted.add(List.of(b.index(), s.index()));
        }
        boolean exists = s.index() == 0 || layout.stageDir(b.index(), s.index()).toFile().isDirectory();
        int at = stages.size();
        stages.add(IntStream.range(0, Math.toIntExact(s.configs())).parallel()
            .mapToObj(k -> {
              TrialId id = new TrialId(b.index(), s.index(), k);
              if (!exists) {
                // Not promoted yet: nothing to look at slot by slot.
                return new Trial(TrialSnapshot.of(id, s.budget(), TrialState.UNFILLED, "", "", -1),
                    records ? TrialRecord.missing(id) : null, null);
              }
              boolean filled = s.index() > 0 ? done
                  : batches == null || proposed.contains(batches.batchOf(id).index());
              return trial(layout, id, s.budget(), filled, ledger.get(id), search.objective(), records, at, waiting);
            })
            .toArray(Trial[]::new));
      }
    }
    settle(new ArrayList<>(waiting), stages, probe, layout, search.objective(), records);
    List<Trial> all = new ArrayList<>();
    stages.forEach(t -> all.addAll(Arrays.asList(t)));
    return new SearchView(search, ledger, all, promoted);
  }

  /** The outcomes of some trials, as promotion and best rank them (launchers are not checked). */
  public static List<Outcome> outcomes(SearchDir search, List<TrialId> ids) {
    return snapshots(search, ids).stream().map(TrialSnapshot::outcome).toList();
  }

  /** The states and values of some trials, as the one rule gives them (launchers are not checked). */
  public static List<TrialSnapshot> snapshots(SearchDir search, List<TrialId> ids) {
    Layout layout = search.layout();
    Batches batches = search.batches();
    Ledger ledger = Ledger.read(layout);
    return ids.parallelStream()
        .map(id -> {
          Stage s = search.stage(id);
          return trial(layout, id, s.budget(), filled(search, batches, id), ledger.get(id), search.objective(), false, 0,
              null)
              .snapshot();
        })
        .toList();
  }

  /**
   * One trial from its files alone, as the engine sees it the moment its launcher exits (no ledger,
   * no launcher check): the same rule as {@link #read}.
   */
  public static Trial fromFiles(SearchDir search, TrialId id) {
    TrialRecord record = TrialFiles.read(search.layout(), id, false);
    return new Trial(decide(record, search.stage(id).budget(), filled(search, search.batches(), id), search.objective(), -1), record,
        null);
  }

  /** Whether a slot has been given its configuration: promoted into (stage J > 0), or drawn or proposed (stage 0). */
  private static boolean filled(SearchDir search, Batches batches, TrialId id) {
    Layout layout = search.layout();
    if (id.stage() > 0) {
      return layout.promotion(id.bracket(), id.stage()).toFile().isFile();
    }
    if (batches == null) {
      return true;
    }
    Batches.Batch b = batches.batchOf(id);
    return layout.proposal(b.bracket(), b.index()).toFile().isFile();
  }

  /** The search. */
  public SearchDir search() {
    return search;
  }

  /** The ledger as read. */
  public Ledger ledger() {
    return ledger;
  }

  /** Every trial slot in plan order (bracket, stage, configuration). */
  public List<Trial> trials() {
    return trials;
  }

  /** Whether the promotion into a stage (J > 0) has been written; stage 0 is always filled. */
  public boolean promotionDone(int bracket, int stage) {
    return stage == 0 || promoted.contains(List.of(bracket, stage));
  }

  /**
   * A value's text as the one rule reads it: a number of {@link ResultFormat#NUMBER}, with -0.0
   * as 0.0 (the workflow's Python compares them equal); NaN when it is not a number.
   */
  public static double value(String text) {
    String t = text == null ? "" : text.strip();
    if (plainDecimal(t)) {
      try {
        return Double.parseDouble(t) + 0.0;
      } catch (NumberFormatException e) {
        // "1e", "-": not a number after all; the grammar decides below
      }
    }
    return NUMBER.matcher(t).matches() ? ResultFormat.number(t) + 0.0 : Double.NaN;
  }

  /** Whether s has only the characters of a plain decimal (the ledger's usual form): parsed without regular expressions. */
  static boolean plainDecimal(String s) {
    boolean digit = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
        return false;
      }
    }
    return digit;
  }

  /** A started, unfinished trial whose launcher still has to be checked; {@code stage} counts over all brackets. */
  private record Waiting(int stage, int slot, Trial provisional, StartedMarker started, boolean promotionDone) {}

  /** One trial: from the ledger when it covers the trial, else from its files. */
  private static Trial trial(Layout layout, TrialId id, double budget, boolean promotionDone, Ledger.Entry entry,
      String objective, boolean records, int stage, Queue<Waiting> waiting) {
    long duration = entry == null ? -1 : entry.durationSeconds();
    TrialRecord record = records ? TrialFiles.read(layout, id, true) : null;
    if (entry != null && entry.completed() && entry.epochSecond() >= 0) {
      long modified = layout.marker(id, Layout.RESULT).toFile().lastModified();
      double v = value(entry.objectiveText());
      if (modified > 0 && modified <= entry.epochSecond() * 1000 + LEDGER_SLACK_MILLIS && Double.isFinite(v)) {
        return new Trial(TrialSnapshot.finished(id, budget, entry.objectiveText().strip(), v, duration), record, entry);
      }
    }
    if (record == null) {
      record = TrialFiles.read(layout, id, false);
    }
    TrialSnapshot snapshot = decide(record, budget, promotionDone, objective, duration);
    Trial t = new Trial(snapshot, record, entry);
    if (snapshot.state() == TrialState.UNVERIFIED && record.started() != null && waiting != null) {
      waiting.add(new Waiting(stage, (int) id.config(), t, record.started(), promotionDone));
    }
    return t;
  }

  /** The rule of {@link TrialState} over a trial's files (the ledger's part is in {@link #trial}). */
  static TrialSnapshot decide(TrialRecord r, double budget, boolean promotionDone, String objective, long duration) {
    TrialId id = r.id();
    TrialRecord.Markers m = r.markers();
    if (r.dir() == TrialRecord.Dir.UNREADABLE) {
      return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, r.problem(), "", duration);
    }
    if (m.result()) {
      if (m.failed()) {
        String reason = r.failed().reason().isEmpty() ? "failed (its marker gives no reason)" : r.failed().reason();
        return TrialSnapshot.failed(id, budget, TrialState.FAILED, r.failed().kind(), reason, "", duration);
      }
      if (m.skipped()) {
        String reason = r.skippedReason() == null || r.skippedReason().isEmpty() ? NOT_PROMOTED : r.skippedReason();
        return TrialSnapshot.of(id, budget, TrialState.SKIPPED, reason, "", duration);
      }
      TrialRecord.Result result = r.result();
      if (result.metrics() == null) {
        return TrialSnapshot.failed(id, budget, TrialState.FAILED, result.kind(), result.problem(), "", duration);
      }
      String text;
      try {
        text = result.metrics().objectiveText(objective).strip();
      } catch (IllegalArgumentException e) {
        return TrialSnapshot.failed(id, budget, TrialState.FAILED, FailureKind.UNPARSEABLE, "result: " + e.getMessage(),
            "", duration);
      }
      return TrialSnapshot.finished(id, budget, text, value(text), duration);
    }
    if (m.started()) {
      StartedMarker s = r.started();
      if (s == null) {
        return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, "started, but " + Layout.STARTED
            + " cannot be read", "", duration);
      }
      return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, "", s.launcher(), duration);
    }
    if (id.stage() == 0 && !m.config() && !promotionDone) {
      return TrialSnapshot.of(id, budget, TrialState.UNPROPOSED, "", "", duration);
    }
    if (m.config() || id.stage() == 0) {
      String reason = m.config() ? "" : (r.dir() == TrialRecord.Dir.MISSING ? "its directory" : "its config file")
          + " is missing (the trial cannot run: hbgen generate writes every drawn stage-0 configuration, a batch's"
          + " proposal every proposed one)";
      return TrialSnapshot.of(id, budget, TrialState.PENDING, reason, "", duration);
    }
    return promotionDone
        ? TrialSnapshot.of(id, budget, TrialState.SKIPPED, NOT_PROMOTED, "", duration)
        : TrialSnapshot.of(id, budget, TrialState.UNFILLED, "", "", duration);
  }

  /** Checks the launchers of every started, unfinished trial at once and fixes their states. */
  private static void settle(List<Waiting> waiting, List<Trial[]> stages, ProcessProbe probe, Layout layout,
      String objective, boolean records) {
    if (waiting.isEmpty() || probe == null) {
      return;
    }
    List<ProcessProbe.Verdict> verdicts = probe.check(waiting.stream().map(Waiting::started).toList());
    for (int i = 0; i < waiting.size(); i++) {
      Waiting w = waiting.get(i);
      Trial t = w.provisional();
      TrialSnapshot s = t.snapshot();
      ProcessProbe.Verdict v = verdicts.get(i);
      if (v.liveness() == Liveness.GONE && TrialFiles.finished(layout, s.id())) {
        // The trial finished between the listing and the check: read it again.
        Trial again = trial(layout, s.id(), s.budget(), w.promotionDone(), t.entry(), objective, records, w.stage(),
            null);
        if (again.snapshot().state() != TrialState.UNVERIFIED) {
          stages.get(w.stage())[w.slot()] = again;
          continue;
        }
      }
      TrialState state = switch (v.liveness() == null ? Liveness.UNKNOWN : v.liveness()) {
        case ALIVE -> TrialState.RUNNING;
        case GONE -> TrialState.INTERRUPTED;
        case UNKNOWN -> TrialState.UNVERIFIED;
      };
      int attempt = w.started().attempt();
      String launcher = w.started().launcher() + (attempt > 1 ? " (attempt " + attempt + ")" : "");
      FailureKind kind = state == TrialState.INTERRUPTED ? FailureKind.ofGoneLauncher(slurmEnd(v.reason())) : null;
      stages.get(w.stage())[w.slot()] = new Trial(TrialSnapshot.failed(s.id(), s.budget(), state, kind, v.reason(),
          launcher, s.durationSeconds()), t.record(), t.entry());
    }
  }

  /** The Slurm end state in a liveness verdict ("Slurm job 17 ended: CANCELLED by 0"), or "". */
  private static String slurmEnd(String reason) {
    int at = reason == null ? -1 : reason.indexOf(" ended: ");
    return at < 0 ? "" : reason.substring(at + 8).strip();
  }
}
