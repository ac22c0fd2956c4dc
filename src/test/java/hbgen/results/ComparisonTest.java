package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.error.UsageError;
import hbgen.trial.Outcome;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
  @TempDir Path tmp;

  /**
   * Two Hyperband searches with the same results, one under each incumbent rule: a stage-0 trial
   * at budget 1 (0.99) beats the only trial at budget 9 (0.6).
   */
  List<SearchFixture> twoRules() {
    SearchFixture top = SearchFixture.create(tmp.resolve("top"));
    SearchFixture all = SearchFixture.create(tmp.resolve("all"), "--incumbent", "all");
    for (SearchFixture f : List.of(top, all)) {
      f.complete("bracket-0/stage-0/config-0", 0.99, 0.1, "2026-01-01T00:00:01Z")
          .fail("bracket-0/stage-0/config-1", "2026-01-01T00:00:02Z")
          .complete("bracket-2/stage-0/config-0", 0.6, 0.5, "2026-01-01T00:00:03Z");
    }
    return List.of(top, all);
  }

  @Test
  void eachSearchsBestFollowsItsOwnIncumbentRule() {
    List<SearchFixture> f = twoRules();
    Comparison c = Comparison.of(List.of(Path.of("runs/top"), Path.of("runs/all")), List.of(f.get(0).read(), f.get(1).read()));
    assertThat(c.rows().get(0).best()).map(Outcome::objective).as("top-budget: the best at budget 9").contains(0.6);
    assertThat(c.rows().get(1).best()).map(Outcome::objective).as("all: the best overall").contains(0.99);
    assertThat(c.rows().get(0).best()).map(o -> o.id().path()).contains("bracket-2/stage-0/config-0");
    assertThat(c.rows().get(0).curve().spent()).as("1 + 1 (failed) + 9").isEqualTo(11.0);
  }

  @Test
  void theCurvesAreTheReportsBestSoFarAndTheChartHasOneLinePerSearch() {
    List<SearchFixture> f = twoRules();
    SearchResults top = f.get(0).read();
    SearchResults all = f.get(1).read();
    Comparison c = Comparison.of(List.of(Path.of("runs/top"), Path.of("runs/all")), List.of(top, all));
    Plot p = c.plot();
    assertThat(p.series()).extracting(Plot.Series::name).containsExactly("top", "all");
    assertThat(p.series()).allMatch(s -> s.style() == Plot.Style.STEP);
    assertThat(p.xLabel()).isEqualTo("cumulative budget (budget units)");
    assertThat(p.yLabel()).isEqualTo("accuracy (higher is better)");
    assertThat(p.caption()).contains("Not finished yet: top, all");
    // The same curve as the report's progress chart (no cost unit set: cost = budget).
    Plot.Series reportBest = ReportPlots.progress(top).series().get(1);
    assertThat(p.series().get(0).x()).containsExactly(reportBest.x());
    assertThat(p.series().get(0).y()).containsExactly(reportBest.y());
    assertThat(p.series().get(0).x()).as("after budget 1, then 1 (failed) + 9").containsExactly(1, 11);
    assertThat(p.series().get(0).y()).containsExactly(0.99, 0.6);
    assertThat(p.series().get(1).y()).containsExactly(0.99, 0.99);
  }

  @Test
  void costsAreInHoursOnlyWhenEverySearchHasThem() {
    SearchFixture hours = SearchFixture.create(tmp.resolve("h"), "-t", "0.5");
    SearchFixture units = SearchFixture.create(tmp.resolve("u"));
    SearchFixture hours2 = SearchFixture.create(tmp.resolve("h2"), "-t", "0.5");
    for (SearchFixture f : List.of(hours, units, hours2)) {
      f.complete("bracket-2/stage-0/config-0", 0.6, 0.5, "2026-01-01T00:00:03Z");
    }
    Comparison mixed = Comparison.of(List.of(Path.of("h"), Path.of("u")), List.of(hours.read(), units.read()));
    assertThat(mixed.hours()).isFalse();
    assertThat(mixed.rows().get(0).curve().spent()).isEqualTo(9.0);
    Comparison both = Comparison.of(List.of(Path.of("h"), Path.of("h2")), List.of(hours.read(), hours2.read()));
    assertThat(both.hours()).isTrue();
    // -k 5 folds, 0.5 h an epoch: a budget unit costs 5 * 0.5 * (1 - 1/5) = 2 hours.
    assertThat(both.rows().get(0).curve().spent()).isEqualTo(18.0);
    assertThat(both.plot().xLabel()).isEqualTo("cumulative cost (hours)");
    assertThat(both.text()).contains("cost spent (h)");
  }

  @Test
  void fewerThanTwoSearchesOrAnotherObjectiveIsRefused() {
    SearchFixture a = SearchFixture.create(tmp.resolve("a"));
    Path b = tmp.resolve("b");
    Cli.Run made = Cli.run("random", "2", "-o", b.toString(), "--space", "src/test/resources/spaces/small.yaml",
        "--trainer", "t", "--objective", "accuracy");
    assertThat(made.code()).as(made.err()).isZero();
    assertThatThrownBy(() -> Comparison.of(List.of(Path.of("a")), List.of(a.read()))).isInstanceOf(UsageError.class)
        .hasMessage("compare needs at least two search directories, got 1 (a)");
    assertThatThrownBy(() -> Comparison.of(List.of(Path.of("a"), Path.of("b")), List.of(a.read(), SearchResults.read(SearchDir.open(b)))))
        .isInstanceOf(UsageError.class)
        .hasMessage("b: objective accuracy (minimize) differs from a: objective accuracy (maximize); compare needs"
            + " searches of the same objective and direction");
  }
}
