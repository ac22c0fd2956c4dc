package hbgen.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.trial.TrialState;
import hbgen.render.Json;
import hbgen.trial.Direction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The trials as a table a pandas user expects (Optuna's {@code trials_dataframe} is the model):
 * one row per trial, fixed columns first, then {@code metrics_<name>} and {@code params_<name>}
 * sorted by name. Every row has every column; a missing value is an empty cell (CSV, TSV) or
 * null (JSON), which pandas reads as NaN.
 *
 * @param columns column names
 * @param rows one list of cells per trial (Long, Double, String, Boolean, List or null)
 */
public record ResultsTable(List<String> columns, List<List<Object>> rows) {
  /** The columns every table starts with. */
  public static final List<String> FIXED = List.of("number", "trial", "iteration", "bracket", "stage", "config", "budget", "state",
      "value", "started", "finished", "duration_s", "attempts", "host", "slurm_job_id", "promoted_from", "reason", "note");

  /** Prefix of the metric columns. */
  public static final String METRIC = "metrics_";
  /** Prefix of the parameter columns. */
  public static final String PARAM = "params_";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Output formats. */
  public enum Format { CSV, TSV, JSON }

  public ResultsTable {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** Keeps the trials in {@code states} (all when empty); with {@code sort}, best value first, NaN last. */
  public static List<Trial> select(List<Trial> trials, Set<TrialState> states, boolean sort, Direction direction) {
    List<Trial> out = new ArrayList<>();
    for (Trial t : trials) {
      if (states.isEmpty() || states.contains(t.state())) {
        out.add(t);
      }
    }
    if (sort) {
      Comparator<Trial> byValue = (a, b) -> direction.compare(a.value(), b.value());
      out.sort(byValue.thenComparingInt(Trial::number));
    }
    return out;
  }

  /** The table of {@code trials}. */
  public static ResultsTable of(List<Trial> trials) {
    Set<String> metrics = new TreeSet<>();
    Set<String> params = new TreeSet<>();
    trials.forEach(t -> {
      metrics.addAll(t.metrics().keySet());
      params.addAll(t.params().values().keySet());
    });
    List<String> columns = new ArrayList<>(FIXED);
    metrics.forEach(m -> columns.add(METRIC + m));
    params.forEach(p -> columns.add(PARAM + p));
    List<List<Object>> rows = new ArrayList<>();
    for (Trial t : trials) {
      List<Object> row = new ArrayList<>(columns.size());
      row.add((long) t.number());
      row.add(t.id().path());
      row.add((long) t.iteration());
      row.add((long) t.id().bracket());
      row.add((long) t.id().stage());
      row.add(t.id().config());
      row.add(budget(t.budget()));
      row.add(t.state().label());
      row.add(number(t.value()));
      row.add(text(t.started()));
      row.add(text(t.finished()));
      row.add(Double.isNaN(t.durationS()) ? null : budget(t.durationS()));
      row.add(t.attempts() == 0 ? null : (Object) (long) t.attempts());
      row.add(text(t.host()));
      row.add(text(t.slurmJobId()));
      row.add(t.promotedFrom() == null ? null : t.promotedFrom().path());
      row.add(text(t.reason()));
      row.add(text(t.note()));
      metrics.forEach(m -> row.add(t.metrics().containsKey(m) ? number(t.metrics().get(m)) : null));
      params.forEach(p -> row.add(t.params().values().get(p)));
      rows.add(row);
    }
    return new ResultsTable(columns, rows);
  }

  /** Writes the table: CSV (RFC 4180), TSV (tab-separated, quoted where needed) or a JSON array. */
  public void write(Appendable out, Format format) throws IOException {
    if (format == Format.JSON) {
      writeJson(out);
      return;
    }
    CSVFormat csv = (format == Format.CSV ? CSVFormat.DEFAULT : CSVFormat.TDF).builder()
        .setRecordSeparator("\n").setIgnoreSurroundingSpaces(false).get();
    CSVPrinter printer = new CSVPrinter(out, csv);
    printer.printRecord(columns);
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>(row.size());
      row.forEach(c -> cells.add(cell(c)));
      printer.printRecord(cells);
    }
    printer.flush();
  }

  /** A JSON array with one object per trial (one per line), keys in column order. */
  private void writeJson(Appendable out) throws IOException {
    if (rows.isEmpty()) {
      out.append("[]\n");
      return;
    }
    out.append("[\n");
    for (int r = 0; r < rows.size(); r++) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        object.put(columns.get(c), rows.get(r).get(c));
      }
      try {
        out.append(JSON.writeValueAsString(object)).append(r + 1 < rows.size() ? ",\n" : "\n");
      } catch (JsonProcessingException e) {
        throw new IOException("cannot write trial " + rows.get(r).get(1) + " as JSON: " + e.getOriginalMessage(), e);
      }
    }
    out.append("]\n");
  }

  /** A cell's text: numbers that Python and pandas read back exactly, lists as JSON, null empty. */
  static String cell(Object c) {
    if (c == null) {
      return "";
    }
    if (c instanceof Double d) {
      return Json.number(d);
    }
    if (c instanceof List<?> || c instanceof Map<?, ?>) {
      return Json.inline(c);
    }
    return String.valueOf(c);
  }

  private static Object number(double d) {
    return Double.isNaN(d) ? null : (Object) d;
  }

  /** Whole budgets as integers (as run.sh passes them), others as decimals. */
  private static Object budget(double b) {
    return b == Math.rint(b) && Math.abs(b) < 1e15 ? (Object) (long) b : (Object) b;
  }

  private static String text(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
