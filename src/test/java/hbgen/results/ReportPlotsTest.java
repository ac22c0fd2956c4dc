package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPlotsTest {
  @TempDir Path tmp;

  @Test
  void eachBracketGetsOneLinePerStageZeroConfigurationFollowingItsPromotions() {
    List<Plot> plots = ReportPlots.brackets(SearchFixture.finished(tmp).read());
    assertThat(plots).extracting(Plot::id).containsExactly("bracket-0", "bracket-1", "bracket-2");
    Plot b0 = plots.get(0);
    assertThat(b0.xCategories()).containsExactly("1", "3", "9");
    assertThat(b0.series()).hasSize(9);
    Plot.Series winner = b0.series().get(8);
    assertThat(winner.name()).isEqualTo("config-8");
    assertThat(winner.x()).containsExactly(0, 1, 2);
    assertThat(winner.y()).containsExactly(0.9, 0.95, 0.97);
    assertThat(b0.series().get(0).x()).containsExactly(0);
    assertThat(b0.yLabel()).isEqualTo("accuracy (higher is better)");
  }

  @Test
  void aBracketWithoutCompletedTrialsIsAnEmptyPlotThatSaysWhy() {
    Plot b1 = ReportPlots.brackets(SearchFixture.finished(tmp).read()).get(1);
    assertThat(b1.series()).isEmpty();
    assertThat(b1.caption()).isEqualTo("No trial of bracket 1 has completed yet.");
  }

  @Test
  void progressFollowsFinishingOrderAndAddsEveryFinishedTrialsBudgetToTheCost() {
    Plot p = ReportPlots.progress(SearchFixture.finished(tmp).read());
    assertThat(p.series()).extracting(Plot.Series::name).containsExactly("trial", "best so far");
    Plot.Series trials = p.series().get(0);
    Plot.Series best = p.series().get(1);
    // bracket-0 stage 0 finishes first (budget 1 each), then five failures of bracket 1 (budget 3
    // each, cost 9 + 15), stage 1 (3 each), stage 2 (9), bracket 2 (9 each).
    assertThat(trials.x()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 27, 30, 33, 42, 51, 60, 69);
    assertThat(trials.y()).startsWith(0.5, 0.55);
    assertThat(best.y()).startsWith(0.5, 0.55).endsWith(0.97);
    assertThat(best.x()[best.x().length - 1]).isEqualTo(1 * 9 + 3 * 3 + 9 + 3 * 5 + 9 * 3);
    assertThat(p.caption()).contains("Best 0.97", "(21 of 22 trials finished)");
    assertThat(p.xLabel()).isEqualTo("cumulative budget");
  }

  @Test
  void costsAreInHoursWhenTheSearchHasAnEpochCost() {
    SearchFixture f = SearchFixture.create(tmp, "-t", "0.5").complete("bracket-0/stage-0/config-0", 0.5, 1, "2026-01-01T00:00:00Z");
    Plot p = ReportPlots.progress(f.read());
    assertThat(p.xLabel()).isEqualTo("cumulative cost (hours)");
    // unit = folds * t * (1 - 1/folds) = 5 * 0.5 * 0.8 = 2 hours per budget unit
    assertThat(p.series().get(0).x()).containsExactly(2.0);
  }

  @Test
  void aSearchThatResumesCountsOnlyTheBudgetAPromotedTrialAdds() {
    SearchFixture f = SearchFixture.create(tmp, "--resume-from-parent")
        .complete("bracket-0/stage-0/config-0", 0.5, 1, "2026-01-01T00:00:00Z")
        .promote("bracket-0/stage-0/config-0", "bracket-0/stage-1/config-0")
        .complete("bracket-0/stage-1/config-0", 0.6, 1, "2026-01-01T00:00:01Z");
    SearchResults r = f.read();
    assertThat(ReportPlots.progress(r).series().get(0).x()).containsExactly(1, 3);
    // 9*1 + 3*(3-1) + 1*(9-3) + 5*3 + 1*(9-3) + 3*9
    assertThat(ReportPlots.plannedCost(r.search())).isEqualTo(69);
    assertThat(ReportPlots.plannedCost(SearchFixture.finished(tmp.resolve("full")).open())).isEqualTo(78);
  }

  @Test
  void aSearchWithoutFinishedTrialsHasEmptyPlotsThatSaySo() {
    SearchResults r = SearchFixture.create(tmp).read();
    assertThat(ReportPlots.progress(r).series()).isEmpty();
    assertThat(ReportPlots.progress(r).caption()).isEqualTo("No trial has finished yet.");
    assertThat(ReportPlots.parameters(r, ParameterScale.of(r.search(), r.trials())))
        .allSatisfy(p -> assertThat(p.series()).isEmpty());
  }

  @Test
  void eachNumericParameterGetsOneSeriesPerBudgetOnItsScale() {
    SearchResults r = SearchFixture.finished(tmp).read();
    List<Plot> plots = ReportPlots.parameters(r, ParameterScale.of(r.search(), r.trials()));
    assertThat(plots).extracting(Plot::title).containsExactly("learning_rate (loguniform)", "C (choice)");
    assertThat(plots).allSatisfy(p -> assertThat(p.logX()).isTrue());
    assertThat(plots.get(0).series()).extracting(Plot.Series::name).containsExactly("budget 1", "budget 3", "budget 9");
    assertThat(plots.get(0).points()).isEqualTo(16);
  }

  @Test
  void valuesThatALogAxisCannotShowAreLeftOutAndCounted() {
    SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-0", 0.5, 1, "2026-01-01T00:00:00Z")
        .complete("bracket-0/stage-0/config-1", 0.6, 1, "2026-01-01T00:00:01Z")
        .write("bracket-0/stage-0/config-1/config", "{\"lr\": 0.0}");
    SearchResults r = f.read();
    Plot p = ReportPlots.parameters(r, List.of(new ParameterScale("lr", "loguniform", true, true))).get(0);
    assertThat(p.points()).isZero();
    assertThat(p.caption()).startsWith("No completed trial has a numeric value of lr yet.");
    f.write("bracket-0/stage-0/config-0/config", "{\"lr\": 0.1}");
    p = ReportPlots.parameters(f.read(), List.of(new ParameterScale("lr", "loguniform", true, true))).get(0);
    assertThat(p.points()).isEqualTo(1);
    assertThat(p.caption()).contains("1 value(s) not shown");
  }
}
