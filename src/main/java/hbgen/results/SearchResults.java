package hbgen.results;

import hbgen.error.RuntimeFailure;
import hbgen.model.Batches;
import hbgen.render.Json;
import hbgen.search.Layout;
import hbgen.search.Ledger;
import hbgen.search.ProposalRecord;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.search.TrialFiles;
import hbgen.search.TrialRecord;
import hbgen.search.ProcessProbe;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Every trial slot of a search with its state and results: the trials of a {@link SearchView}
 * (state and value by the one rule) with everything their files and the ledger add (metrics,
 * parameters, timing, host).
 *
 * @param search the search
 * @param trials every slot, in plan order
 * @param ledger the ledger as read
 * @param proposals for a search whose sampler proposes configurations (BOHB): per stage-0 trial of
 *     a batch already proposed, whether the model proposed it (true) or the prior (false)
 */
public record SearchResults(SearchDir search, List<Trial> trials, Ledger ledger, Map<TrialId, Boolean> proposals) {
  /** Log lines kept for a failed or interrupted trial whose failed marker has none. */
  static final int LOG_LINES = 20;

  public SearchResults {
    trials = List.copyOf(trials);
    proposals = Collections.unmodifiableMap(new TreeMap<>(proposals));
  }

  /** Reads every trial of {@code search}, checking the launchers of started ones on this machine. */
  public static SearchResults read(SearchDir search) {
    return read(search, ProcessProbe.system());
  }

  /** Reads every trial of {@code search}; {@code probe} checks launchers (null: started trials stay unverified). */
  public static SearchResults read(SearchDir search, ProcessProbe probe) {
    SearchView view = SearchView.read(search, probe, true);
    List<SearchView.Trial> all = view.trials();
    List<Trial> trials = IntStream.range(0, all.size()).mapToObj(n -> trial(search, n, all.get(n))).toList();
    return new SearchResults(search, trials, view.ledger(), proposals(search));
  }

  /** Who proposed each configuration of the batches proposed so far (an unreadable record counts as none). */
  private static Map<TrialId, Boolean> proposals(SearchDir search) {
    Batches batches = search.batches();
    Map<TrialId, Boolean> out = new TreeMap<>();
    if (batches == null) {
      return out;
    }
    for (Batches.Batch b : batches.all()) {
      Path file = search.layout().proposal(b.bracket(), b.index());
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try {
        ProposalRecord.read(file).proposals()
            .forEach((config, p) -> out.put(new TrialId(b.bracket(), 0, config), p.fromModel()));
      } catch (RuntimeFailure e) {
        // the report shows the proposals it can read; hbgen run names a bad record
      }
    }
    return out;
  }

  /** Trials per state, in the enum's order (every state present, possibly 0). */
  public Map<TrialState, Long> counts() {
    Map<TrialState, Long> out = new EnumMap<>(TrialState.class);
    for (TrialState s : TrialState.values()) {
      out.put(s, 0L);
    }
    trials.forEach(t -> out.merge(t.state(), 1L, Long::sum));
    return out;
  }

  /** Trials that finished (completed, failed or skipped). */
  public long finished() {
    return trials.stream().filter(t -> t.state().finished()).count();
  }

  /** Whether every slot has finished. */
  public boolean complete() {
    return finished() == trials.size();
  }

  /** One line on progress, e.g. "17 of 22 trials finished; 3 started, 2 pending". */
  public String progress() {
    StringBuilder out = new StringBuilder().append(finished()).append(" of ").append(trials.size())
        .append(" trials finished");
    StringBuilder rest = new StringBuilder();
    counts().forEach((s, n) -> {
      if (n > 0 && !s.finished()) {
        rest.append(rest.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label());
      }
    });
    return rest.length() == 0 ? out.toString() : out.append("; ").append(rest).toString();
  }

  private static Trial trial(SearchDir search, int number, SearchView.Trial v) {
    TrialSnapshot t = v.snapshot();
    TrialRecord r = v.record();
    TrialState state = t.state();
    ConfigParams params = r.configText() == null ? ConfigParams.none() : ConfigParams.parse(r.configText());
    StringBuilder note = new StringBuilder(params.note());
    if (state == TrialState.PENDING && !r.markers().config()) {
      append(note, "config missing");
    }
    Map<String, Double> metrics = Map.of();
    if (state == TrialState.COMPLETED && r.result() != null && r.result().metrics() != null
        && r.result().metrics().single() == null) {
      metrics = r.result().metrics().numbers(search.objective());
    }
    boolean finished = state == TrialState.COMPLETED || state == TrialState.FAILED;
    // A ledger line of an earlier run (the trial was rerun since) must not lend its time or host.
    Ledger.Entry e = v.entry();
    e = finished && e != null && e.completed() == (state == TrialState.COMPLETED) ? e : null;
    String finishedAt = e != null && e.epochSecond() >= 0 ? Instant.ofEpochSecond(e.epochSecond()).toString()
        : finished && r.result() != null ? time(r.result().modifiedMillis()) : "";
    long startedSecond = r.started() == null ? -1 : r.started().epochSecond();
    String startedAt = startedSecond >= 0 ? Instant.ofEpochSecond(startedSecond).toString() : "";
    double duration = e != null && e.durationSeconds() >= 0 ? e.durationSeconds()
        : finished && startedSecond >= 0 && !finishedAt.isEmpty()
            ? Instant.parse(finishedAt).getEpochSecond() - startedSecond : Double.NaN;
    int attempts = r.failed() != null ? r.failed().attempts() : 0;
    if (attempts == 0 && e != null) {
      attempts = e.attempts();
    }
    if (attempts == 0 && r.started() != null) {
      attempts = r.started().attempt();
    }
    String reason = t.reason();
    if (reason.isEmpty() && e != null) {
      reason = e.reason();
    }
    String host = r.started() != null && !r.started().host().isEmpty() ? r.started().host() : e != null ? e.host() : "";
    String slurm = r.started() != null && !r.started().slurmJobId().isEmpty() ? r.started().slurmJobId()
        : e != null ? e.slurmJobId() : "";
    String valueText = state == TrialState.COMPLETED ? t.objectiveText() : "nan";
    int iteration = search.plan().iteration(search.plan().bracket(t.id().bracket()));
    List<String> logTail = List.of();
    if (state == TrialState.FAILED || state == TrialState.INTERRUPTED) {
      logTail = r.failed() != null && !r.failed().lastLogLines().isEmpty() ? r.failed().lastLogLines()
          : TrialFiles.logTail(search.layout().marker(t.id(), Layout.LOG), LOG_LINES);
    }
    return new Trial(number, t.id(), iteration, t.budget(), state, t.objective(), valueText, metrics, params, r.promotedFrom(),
        startedAt, finishedAt, duration, attempts, host, slurm, reason, note.toString(), t.kind(), logTail);
  }

  private static void append(StringBuilder note, String s) {
    note.append(note.length() == 0 ? "" : "; ").append(s);
  }

  private static String time(long millis) {
    return millis <= 0 ? "" : Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A budget as run.sh passes it ({@code 3}, {@code 2.5}). */
  public static String budgetText(double budget) {
    return Json.budget(budget);
  }
}
