package hbgen.status;

import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import hbgen.trial.Metrics;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import hbgen.trial.TrialState.Liveness;
import hbgen.trial.TrialState.Markers;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * Reads a search directory into a {@link SearchStatus}, touching as few files as it can, because
 * searches run to about 100,000 trial directories and users ask from a login node.
 *
 * <p>For each slot: when the ledger ({@code results.tsv}) has a line for the trial and the trial's
 * {@code result} exists and is no newer than that line (one {@code stat}), the ledger's state and
 * objective are taken. Otherwise the trial directory is listed once and its markers decide (SPEC
 * section 5); only then are small files read: {@code result} for a finished trial the ledger does
 * not cover, {@code failed} for its reason, {@code started} for an unfinished one. The files stay
 * the source of truth: a result removed for a rerun, or rewritten after its ledger line, sends the
 * slot back to its files. Launchers of started trials are then checked in one batch ({@link
 * ProcessProbe}). Stages are scanned in order, the slots of a stage in parallel.
 */
public final class StatusScanner {
  /** How much newer than its ledger line a result may be and still match it: the ledger's time has whole seconds. */
  private static final long LEDGER_SLACK_MILLIS = 2_000;
  /** Largest result file read; a bigger one is not a result the launcher accepted. */
  private static final long MAX_RESULT_BYTES = 1 << 20;

  private final ProcessProbe probe;

  public StatusScanner(ProcessProbe probe) {
    this.probe = probe;
  }

  /**
   * A started, unfinished trial whose launcher still has to be checked; its slot holds a
   * provisional snapshot until then.
   */
  private record Waiting(int stage, int slot, TrialId id, double budget, Markers markers, StartedMarker started,
      long duration, String dir) {}

  /**
   * Scans a search.
   *
   * @param search the opened search
   * @param displayRoot the root as the user named it
   */
  public SearchStatus scan(SearchDir search, String displayRoot) {
    Path root = search.root();
    String objective = search.objective();
    Ledger ledger = Ledger.read(root);
    List<String> warnings = new ArrayList<>(ledger.problems());
    List<TrialSnapshot[]> stageSlots = new ArrayList<>();
    List<Boolean> promotions = new ArrayList<>();
    Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    for (Bracket b : search.plan().brackets()) {
      for (Stage s : b.stages()) {
        int index = stageSlots.size();
        String stageDir = root.resolve("bracket-" + b.index()).resolve("stage-" + s.index()).toString();
        boolean promotionDone = s.index() == 0 || new File(stageDir, "promotion.yaml").isFile();
        TrialSnapshot[] slots;
        if (s.index() > 0 && !new File(stageDir).isDirectory()) {
          // Not promoted yet: nothing to look at slot by slot.
          slots = IntStream.range(0, Math.toIntExact(s.configs()))
              .mapToObj(k -> TrialSnapshot.of(new TrialId(b.index(), s.index(), k), s.budget(), TrialState.UNFILLED,
                  "", "", -1))
              .toArray(TrialSnapshot[]::new);
        } else {
          slots = IntStream.range(0, Math.toIntExact(s.configs()))
              .parallel()
              .mapToObj(k -> {
                TrialId id = new TrialId(b.index(), s.index(), k);
                return slot(index, id, s.budget(), stageDir + "/config-" + k, promotionDone, ledger.get(id), objective,
                    waiting);
              })
              .toArray(TrialSnapshot[]::new);
        }
        stageSlots.add(slots);
        promotions.add(promotionDone);
      }
    }
    settle(new ArrayList<>(waiting), stageSlots, promotions, objective);
    List<BracketStatus> brackets = new ArrayList<>();
    int at = 0;
    for (Bracket b : search.plan().brackets()) {
      List<StageStatus> stages = new ArrayList<>();
      for (Stage s : b.stages()) {
        stages.add(StageStatus.of(s, promotions.get(at), Arrays.asList(stageSlots.get(at))));
        at++;
      }
      brackets.add(new BracketStatus(b.index(), stages));
    }
    Path name = root.toAbsolutePath().normalize().getFileName();
    return new SearchStatus(name == null ? displayRoot : name.toString(), displayRoot, search.strategy(),
        search.objective(), search.direction(), costUnit(search.manifest()), costHours(search.manifest()), brackets,
        ledger.pace(), warnings, Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** Checks the launchers of every started, unfinished slot at once and fixes their states. */
  private void settle(List<Waiting> waiting, List<TrialSnapshot[]> stageSlots, List<Boolean> promotions,
      String objective) {
    if (waiting.isEmpty()) {
      return;
    }
    List<ProcessProbe.Verdict> verdicts = probe.check(waiting.stream().map(Waiting::started).toList());
    for (int i = 0; i < waiting.size(); i++) {
      Waiting w = waiting.get(i);
      ProcessProbe.Verdict v = verdicts.get(i);
      boolean promotionDone = promotions.get(w.stage());
      if (v.liveness() == Liveness.GONE && new File(w.dir(), "result").exists()) {
        // The trial finished between the listing and the check: read it again.
        List<Waiting> again = new ArrayList<>();
        TrialSnapshot t = slot(w.stage(), w.id(), w.budget(), w.dir(), promotionDone, null, objective, again);
        if (again.isEmpty()) {
          stageSlots.get(w.stage())[w.slot()] = t;
          continue;
        }
      }
      TrialState state = TrialState.of(w.markers(), w.id().stage(), promotionDone, v.liveness());
      int attempt = w.started().attempt();
      String launcher = w.started().launcher() + (attempt > 1 ? " (attempt " + attempt + ")" : "");
      stageSlots.get(w.stage())[w.slot()] = TrialSnapshot.of(w.id(), w.budget(), state, v.reason(), launcher,
          w.duration());
    }
  }

  /**
   * The snapshot of one slot; a started, unfinished trial gets a provisional one and is added to
   * {@code waiting} for its launcher's check.
   */
  private TrialSnapshot slot(int stage, TrialId id, double budget, String dirPath, boolean promotionDone,
      Ledger.Entry entry, String objective, Collection<Waiting> waiting) {
    long duration = entry == null ? -1 : entry.durationSeconds();
    if (entry != null && entry.epochSecond() >= 0) {
      long modified = new File(dirPath + "/result").lastModified();
      if (modified > 0 && modified <= entry.epochSecond() * 1000 + LEDGER_SLACK_MILLIS) {
        TrialSnapshot fromLedger = fromLedger(id, budget, entry);
        if (fromLedger != null) {
          return fromLedger;
        }
      }
    }
    File dir = new File(dirPath);
    String[] names = dir.list();
    if (names == null) {
      if (dir.exists()) {
        String why = dir.isDirectory() ? "permission denied" : "not a directory";
        return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, "cannot list " + id.path() + " (" + why + ")", "",
            duration);
      }
      Markers none = new Markers(false, false, false, false, false);
      TrialState state = TrialState.of(none, id.stage(), promotionDone, null);
      return TrialSnapshot.of(id, budget, state, emptyReason(id, state, "its directory"), "", duration);
    }
    Markers m = Markers.of(Arrays.asList(names));
    Path p = dir.toPath();
    if (m.result()) {
      if (m.failed()) {
        String reason = entry != null && !entry.completed() && !entry.reason().isEmpty() ? entry.reason() : failedReason(p);
        return TrialSnapshot.of(id, budget, TrialState.FAILED, reason, "", duration);
      }
      if (m.skipped()) {
        return TrialSnapshot.of(id, budget, TrialState.SKIPPED,
            "not promoted: the previous stage had too few finished trials", "", duration);
      }
      return fromResult(id, budget, p, duration, objective);
    }
    if (m.started()) {
      try {
        StartedMarker started = StartedMarker.parse(read(p.resolve(StartedMarker.FILE), MAX_RESULT_BYTES));
        waiting.add(new Waiting(stage, (int) id.config(), id, budget, m, started, duration, dirPath));
        return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, "", started.launcher(), duration);
      } catch (IOException e) {
        return TrialSnapshot.of(id, budget, TrialState.UNVERIFIED, "started, but " + StartedMarker.FILE + " "
            + problem(e), "", duration);
      }
    }
    TrialState state = TrialState.of(m, id.stage(), promotionDone, null);
    return TrialSnapshot.of(id, budget, state, m.config() ? "" : emptyReason(id, state, "its config file"), "",
        duration);
  }

  /** Why a slot without a config is what it is; {@code missing} names what is missing. */
  private static String emptyReason(TrialId id, TrialState state, String missing) {
    if (state == TrialState.PENDING && id.stage() == 0) {
      return missing + " is missing (hbgen generate writes every stage-0 configuration; the trial cannot run)";
    }
    if (state == TrialState.SKIPPED) {
      return "not promoted: the previous stage had too few finished trials";
    }
    return "";
  }

  private static TrialSnapshot fromLedger(TrialId id, double budget, Ledger.Entry e) {
    if (!e.completed()) {
      return TrialSnapshot.of(id, budget, TrialState.FAILED, e.reason().isEmpty() ? "failed" : e.reason(), "",
          e.durationSeconds());
    }
    String text = e.objectiveText();
    try {
      // run.sh wrote a finite decimal here; ResultFormat.number (regular expressions) is kept for other spellings.
      double v = plainDecimal(text) ? Double.parseDouble(text) : ResultFormat.number(text);
      return TrialSnapshot.finished(id, budget, text, v, e.durationSeconds());
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  /** Whether s is a decimal number in the forms of {@link ResultFormat#NUMBER} that Double.parseDouble reads alike. */
  static boolean plainDecimal(String s) {
    if (s.isEmpty()) {
      return false;
    }
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

  private static TrialSnapshot fromResult(TrialId id, double budget, Path dir, long duration, String objective) {
    String text;
    try {
      text = read(dir.resolve("result"), MAX_RESULT_BYTES);
    } catch (IOException e) {
      return TrialSnapshot.of(id, budget, TrialState.FAILED, "result " + problem(e), "", duration);
    }
    try {
      Metrics metrics = ResultFormat.parse(text);
      String objectiveText = metrics.objectiveText(objective);
      return TrialSnapshot.finished(id, budget, objectiveText, ResultFormat.number(objectiveText), duration);
    } catch (IllegalArgumentException e) {
      return TrialSnapshot.of(id, budget, TrialState.FAILED, "result: " + e.getMessage(), "", duration);
    }
  }

  private static String failedReason(Path dir) {
    try {
      String reason = FailedMarker.parse(read(dir.resolve(FailedMarker.FILE), MAX_RESULT_BYTES)).reason();
      return reason.isEmpty() ? "failed (its marker gives no reason)" : reason;
    } catch (IOException e) {
      return "failed (" + FailedMarker.FILE + " " + problem(e) + ")";
    }
  }

  /** Reads a small text file whole, refusing anything larger than {@code limit} bytes or not UTF-8. */
  static String read(Path file, long limit) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) > limit) {
      throw new IOException("is larger than " + limit + " bytes");
    }
    return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
  }

  /** An I/O problem in words, after the file's name: "cannot be read: permission denied". */
  static String problem(IOException e) {
    if (e instanceof CharacterCodingException) {
      return "is not UTF-8 text";
    }
    if (e.getClass() == IOException.class && e.getMessage() != null && e.getMessage().startsWith("is larger")) {
      return e.getMessage();
    }
    return "cannot be read: " + AtomicFiles.describe(e);
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
