package hbgen.results;

import hbgen.trial.TrialState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.trial.Direction;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTableTest {
  @TempDir Path tmp;

  private static String write(ResultsTable t, ResultsTable.Format f) throws Exception {
    StringBuilder out = new StringBuilder();
    t.write(out, f);
    return out.toString();
  }

  @Test
  void columnsAreTheFixedOnesThenMetricsThenParamsEachSorted() {
    ResultsTable t = ResultsTable.of(SearchFixture.finished(tmp).read().trials());
    assertThat(t.columns().subList(0, ResultsTable.FIXED.size())).isEqualTo(ResultsTable.FIXED);
    assertThat(t.columns().subList(ResultsTable.FIXED.size(), t.columns().size())).containsExactly(
        "metrics_accuracy", "metrics_loss", "params_C", "params_cv_seed", "params_folds", "params_learning_rate",
        "params_optimizer", "params_penalty", "params_repetitions", "params_seed");
    assertThat(t.rows()).hasSize(22).allSatisfy(r -> assertThat(r).hasSize(t.columns().size()));
  }

  @Test
  void csvReadsBackIntoTheSameCellsWithEmptyCellsForMissingValues() throws Exception {
    ResultsTable t = ResultsTable.of(SearchFixture.finished(tmp).read().trials());
    String csv = write(t, ResultsTable.Format.CSV);
    List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(csv)).getRecords();
    assertThat(records).hasSize(22);
    CSVRecord best = records.get(12);
    assertThat(best.get("trial")).isEqualTo("bracket-0/stage-2/config-0");
    assertThat(best.get("state")).isEqualTo("completed");
    assertThat(best.get("value")).isEqualTo("0.97");
    assertThat(best.get("budget")).isEqualTo("9");
    assertThat(best.get("promoted_from")).isEqualTo("bracket-0/stage-1/config-0");
    assertThat(best.get("metrics_loss")).isEqualTo("0.05");
    CSVRecord failed = records.get(13);
    assertThat(failed.get("state")).isEqualTo("failed");
    assertThat(failed.get("value")).isEmpty();
    assertThat(failed.get("reason")).isEqualTo("exit code 1: it's broken");
    assertThat(csv).doesNotContain("\r").endsWith("\n");
  }

  @Test
  void tsvQuotesOnlyWhatNeedsIt() throws Exception {
    String tsv = write(ResultsTable.of(SearchFixture.finished(tmp).read().trials()), ResultsTable.Format.TSV);
    assertThat(tsv.lines().findFirst().orElseThrow()).startsWith("number\ttrial\titeration\tbracket\tstage\tconfig\tbudget\tstate\tvalue\t");
    assertThat(tsv.lines()).hasSize(23).allSatisfy(l -> assertThat(l.split("\t", -1)).hasSize(28));
  }

  @Test
  void jsonIsAnArrayWithOneObjectPerTrialPerLineAndNullForMissingValues() throws Exception {
    String json = write(ResultsTable.of(SearchFixture.finished(tmp).read().trials()), ResultsTable.Format.JSON);
    assertThat(json.lines()).hasSize(24);
    JsonNode array = new ObjectMapper().readTree(json);
    assertThat(array.isArray()).isTrue();
    assertThat(array).hasSize(22);
    JsonNode best = array.get(12);
    assertThat(best.get("value").doubleValue()).isEqualTo(0.97);
    assertThat(best.get("number").intValue()).isEqualTo(12);
    assertThat(best.get("params_optimizer").isTextual()).isTrue();
    assertThat(array.get(13).get("value").isNull()).isTrue();
    assertThat(array.get(13).get("metrics_accuracy").isNull()).isTrue();
    List<String> keys = new java.util.ArrayList<>();
    best.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(ResultsTable.of(SearchFixture.finished(tmp.resolve("again")).read().trials()).columns());
  }

  @Test
  void anEmptySelectionIsJustTheHeaderOrAnEmptyArray() throws Exception {
    ResultsTable t = ResultsTable.of(List.of());
    assertThat(write(t, ResultsTable.Format.CSV)).isEqualTo(String.join(",", ResultsTable.FIXED) + "\n");
    assertThat(write(t, ResultsTable.Format.JSON)).isEqualTo("[]\n");
  }

  @Test
  void selectKeepsTheAskedStatesAndSortsBestFirstWithoutValuesLast() {
    List<Trial> trials = SearchFixture.finished(tmp).read().trials();
    assertThat(ResultsTable.select(trials, EnumSet.of(TrialState.FAILED, TrialState.SKIPPED), false, Direction.MAXIMIZE))
        .extracting(Trial::number).containsExactly(13, 14, 15, 16, 17, 18);
    List<Trial> sorted = ResultsTable.select(trials, Set.of(), true, Direction.MAXIMIZE);
    assertThat(sorted.get(0).value()).isEqualTo(0.97);
    assertThat(sorted.get(1).value()).isEqualTo(0.95);
    assertThat(sorted.subList(16, 22)).allSatisfy(t -> assertThat(t.value()).isNaN());
    assertThat(sorted.subList(16, 22)).extracting(Trial::number).isSorted();
    List<Trial> min = ResultsTable.select(trials, Set.of(), true, Direction.MINIMIZE);
    assertThat(min.get(0).value()).isEqualTo(0.5);
  }

  @Test
  void cellsAreNumbersPythonReadsBackListsAsJsonAndNullsEmpty() {
    assertThat(ResultsTable.cell(1.0e-5)).isEqualTo("1.0e-05");
    assertThat(ResultsTable.cell(3L)).isEqualTo("3");
    assertThat(ResultsTable.cell(List.of(1L, "a"))).isEqualTo("[1, \"a\"]");
    assertThat(ResultsTable.cell(null)).isEmpty();
    assertThat(ResultsTable.cell(true)).isEqualTo("true");
  }
}
