package hbgen.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.error.RuntimeFailure;
import hbgen.search.AtomicFiles;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ledger {@code results.tsv}: one tab-separated line per finished trial, appended by run.sh.
 * It is a fast index, not the truth (the trial files are): a line that does not parse is counted
 * and skipped, and when a trial appears twice (it was rerun) its last line wins.
 *
 * @param entries the lines that parsed, in file order (which is finishing order)
 * @param malformed lines that did not parse
 * @param present whether the file exists
 */
public record Ledger(List<LedgerEntry> entries, int malformed, boolean present) {
  /** The file name at the search root. */
  public static final String FILE = "results.tsv";

  /** Columns run.sh writes, in order; a header line, when present, takes precedence. */
  static final List<String> COLUMNS = List.of(
      "time", "trial", "state", "objective", "budget", "duration_s", "attempts", "metrics", "reason", "host", "slurm_job_id");

  private static final ObjectMapper JSON = new ObjectMapper();

  public Ledger {
    entries = List.copyOf(entries);
  }

  /** Reads {@code root/results.tsv}; a missing file is an empty, absent ledger. */
  public static Ledger read(Path root) {
    Path file = root.resolve(FILE);
    try {
      return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return new Ledger(List.of(), 0, false);
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  /** Parses the ledger's text. */
  public static Ledger parse(String text) {
    List<String> columns = COLUMNS;
    List<LedgerEntry> out = new ArrayList<>();
    int malformed = 0;
    boolean first = true;
    for (String line : text.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      List<String> cells = List.of(line.strip().split("\t", -1));
      if (first && cells.contains("trial") && cells.contains("state")) {
        columns = cells;
        first = false;
        continue;
      }
      first = false;
      LedgerEntry e = entry(columns, line);
      if (e == null) {
        malformed++;
      } else {
        out.add(e);
      }
    }
    return new Ledger(out, malformed, true);
  }

  /** The last entry of each trial. */
  public Map<TrialId, LedgerEntry> latest() {
    Map<TrialId, LedgerEntry> out = new HashMap<>();
    entries.forEach(e -> out.put(e.trial(), e));
    return out;
  }

  private static LedgerEntry entry(List<String> columns, String line) {
    String[] cells = line.split("\t", -1);
    if (cells.length != columns.size()) {
      return null;
    }
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < cells.length; i++) {
      f.put(columns.get(i), cells[i]);
    }
    try {
      TrialId id = TrialId.parse(f.getOrDefault("trial", ""));
      String state = f.getOrDefault("state", "");
      if (!state.equals("completed") && !state.equals("failed")) {
        return null;
      }
      return new LedgerEntry(f.getOrDefault("time", ""), id, state, number(f.get("objective")),
          f.getOrDefault("budget", ""), number(f.get("duration_s")), integer(f.get("attempts")),
          metrics(f.get("metrics")), f.getOrDefault("reason", ""), f.getOrDefault("host", ""),
          f.getOrDefault("slurm_job_id", "").strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static double number(String text) {
    if (text == null || text.isBlank()) {
      return Double.NaN;
    }
    if (!text.strip().matches(ResultFormat.NUMBER)) {
      throw new IllegalArgumentException("not a number: " + text);
    }
    return ResultFormat.number(text);
  }

  private static int integer(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return Integer.parseInt(text.strip());
  }

  /** The metrics cell: a flat JSON map of numbers (non-finite ones as strings, e.g. "nan"). */
  private static Map<String, Double> metrics(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return out;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metrics are not JSON", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("metrics are not a JSON map");
    }
    for (Map.Entry<String, JsonNode> m : node.properties()) {
      JsonNode v = m.getValue();
      out.put(m.getKey(), v.isNumber() ? v.doubleValue() : number(v.asText()));
    }
    return out;
  }
}
