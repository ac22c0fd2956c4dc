package hbgen.results;

import hbgen.error.RuntimeFailure;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import hbgen.trial.Metrics;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every trial slot of a search with its state and results. The trial files are the truth (SPEC
 * section 3); the ledger adds what they do not keep (finishing time, duration, attempts) and is
 * only trusted for trials whose files say they finished.
 *
 * @param search the search
 * @param trials every slot, in plan order
 * @param ledger the ledger as read
 */
public record SearchResults(SearchDir search, List<Trial> trials, Ledger ledger) {
  public SearchResults {
    trials = List.copyOf(trials);
  }

  /** Reads every trial of {@code search}. */
  public static SearchResults read(SearchDir search) {
    Ledger ledger = Ledger.read(search.root());
    Map<TrialId, LedgerEntry> latest = ledger.latest();
    List<TrialId> ids = search.trials();
    Map<String, Boolean> promoted = new HashMap<>();
    for (TrialId id : ids) {
      if (id.stage() > 0) {
        String key = id.bracket() + "/" + id.stage();
        promoted.computeIfAbsent(key, k -> Files.isRegularFile(search.root()
            .resolve("bracket-" + id.bracket() + "/stage-" + id.stage() + "/promotion.yaml")));
      }
    }
    // Reading is latency-bound on shared file systems: read trials in parallel, keep plan order.
    List<Trial> trials = IntStream.range(0, ids.size()).parallel()
        .mapToObj(n -> {
          TrialId id = ids.get(n);
          boolean promotionDone = id.stage() > 0 && promoted.get(id.bracket() + "/" + id.stage());
          return trial(search, n, id, latest.get(id), promotionDone);
        })
        .toList();
    return new SearchResults(search, trials, ledger);
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

  private static Trial trial(SearchDir search, int number, TrialId id, LedgerEntry entry, boolean promotionDone) {
    Path dir = search.dir(id);
    Stage stage = search.stage(id);
    String result = read(dir.resolve("result"));
    String failed = read(dir.resolve("failed"));
    String skipped = read(dir.resolve("skipped"));
    Map<String, String> started = fields(read(dir.resolve("started")));
    String config = read(dir.resolve("config"));
    String from = read(dir.resolve("promoted-from"));
    TrialId promotedFrom = null;
    if (from != null) {
      try {
        promotedFrom = TrialId.parse(from.strip());
      } catch (IllegalArgumentException e) {
        promotedFrom = null;
      }
    }
    ConfigParams params = config == null ? ConfigParams.none() : ConfigParams.parse(config);
    StringBuilder note = new StringBuilder(params.note());
    TrialState state;
    double value = Double.NaN;
    String valueText = "nan";
    Map<String, Double> metrics = Map.of();
    String reason = "";
    if (result != null) {
      if (skipped != null) {
        state = TrialState.SKIPPED;
        reason = fields(skipped).getOrDefault("reason", "");
      } else if (failed != null) {
        state = TrialState.FAILED;
        reason = fields(failed).getOrDefault("reason", "");
      } else {
        state = TrialState.COMPLETED;
        try {
          Metrics m = ResultFormat.parse(result);
          valueText = m.objectiveText(search.objective()).strip();
          value = ResultFormat.number(valueText);
          metrics = m.single() == null ? m.numbers(search.objective()) : Map.of();
          if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("objective is " + valueText);
          }
        } catch (IllegalArgumentException e) {
          state = TrialState.FAILED;
          value = Double.NaN;
          valueText = "nan";
          reason = "result not usable: " + e.getMessage();
        }
      }
    } else if (!started.isEmpty()) {
      state = TrialState.STARTED;
    } else if (config != null) {
      state = TrialState.PENDING;
    } else if (id.stage() > 0) {
      state = promotionDone ? TrialState.SKIPPED : TrialState.UNPROMOTED;
      reason = promotionDone ? "not promoted: the previous stage had too few finished trials" : "";
    } else {
      state = TrialState.PENDING;
      append(note, "config missing");
    }
    boolean finished = state == TrialState.COMPLETED || state == TrialState.FAILED;
    // A ledger line of an earlier run (the trial was rerun since) must not lend its time or host.
    LedgerEntry e = finished && entry != null && entry.state().equals(state.label()) ? entry : null;
    String finishedAt = e != null ? e.time() : finished ? modified(dir.resolve("result")) : "";
    String startedAt = started.getOrDefault("time", "");
    double duration = e != null ? e.durationS() : finished ? seconds(startedAt, finishedAt) : Double.NaN;
    int attempts = integer(failed != null ? fields(failed).get("attempts") : null);
    if (attempts == 0 && e != null) {
      attempts = e.attempts();
    }
    if (attempts == 0) {
      attempts = integer(started.get("attempt"));
    }
    if (reason.isEmpty() && e != null) {
      reason = e.reason();
    }
    String host = started.getOrDefault("host", e != null ? e.host() : "");
    String slurm = started.getOrDefault("slurm_job_id", e != null ? e.slurmJobId() : "");
    return new Trial(number, id, stage.budget(), state, value, valueText, metrics, params, promotedFrom,
        startedAt, finishedAt, duration, attempts, host, slurm, reason, note.toString());
  }

  private static void append(StringBuilder note, String s) {
    note.append(note.length() == 0 ? "" : "; ").append(s);
  }

  /** A file's text, or null when it does not exist. */
  static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (java.nio.file.FileSystemException e) {
      // the reason alone: the message repeats the path ("... result: Not a directory")
      throw new RuntimeFailure(file + ": cannot read: " + (e.getReason() != null ? e.getReason() : AtomicFiles.describe(e)), e);
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  /**
   * The top-level {@code key: value} lines of a launcher marker ({@code started}, {@code failed},
   * {@code skipped}); single-quoted values are unquoted as YAML does. Block scalars (the log tail
   * in {@code failed}) are skipped: they are indented.
   */
  static Map<String, String> fields(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\n")) {
      int colon = line.indexOf(": ");
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("#")) {
        continue;
      }
      String key = colon < 0 ? line.replaceAll(":$", "") : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 2).strip();
      if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
        value = value.substring(1, value.length() - 1).replace("''", "'");
      }
      out.putIfAbsent(key, value);
    }
    return out;
  }

  private static int integer(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (IOException e) {
      return "";
    }
  }

  private static double seconds(String from, String to) {
    try {
      return Duration.between(Instant.parse(from), Instant.parse(to)).toSeconds();
    } catch (DateTimeParseException e) {
      return Double.NaN;
    }
  }

  /** A budget as run.sh passes it ({@code 3}, {@code 2.5}). */
  public static String budgetText(double budget) {
    return Json.budget(budget);
  }
}
