package hbgen.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PointsTest {
  private static Points.Member done(int config, double budget, Map<String, Object> params, double value) {
    return new Points.Member(new TrialId(0, 0, config), budget, params, false, value);
  }

  private static Points.Member failed(int config, double budget, Map<String, Object> params) {
    return new Points.Member(new TrialId(0, 0, config), budget, params, true, Double.NaN);
  }

  private static Map<String, Object> p(long a, long seed) {
    return Map.of("a", a, "opt", "sgd", "seed", seed);
  }

  @Test
  void trialsThatDifferOnlyInTheirSeedAreOnePointWithMeanSampleSdAndCount() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 11), 0.2), done(1, 1, p(1, 12), 0.4),
        done(2, 1, p(1, 13), 0.9), done(3, 1, p(2, 14), 0.5)));
    assertThat(points).hasSize(2);
    Points.Point first = points.get(0);
    assertThat(first.params()).isEqualTo(Map.of("a", 1L, "opt", "sgd"));
    assertThat(first.count()).isEqualTo(3);
    assertThat(first.failed()).isZero();
    assertThat(first.mean()).isCloseTo(0.5, within(1e-12));
    // sample sd of 0.2, 0.4, 0.9: sqrt(((0.3)^2 + (0.1)^2 + (0.4)^2) / 2) = sqrt(0.13)
    assertThat(first.sd()).isCloseTo(Math.sqrt(0.13), within(1e-12));
    assertThat(first.members()).extracting(m -> m.id().config()).containsExactly(0L, 1L, 2L);
    assertThat(points.get(1).sd()).as("one value has no sample sd").isNaN();
  }

  @Test
  void theSameConfigurationAtAnotherBudgetIsAnotherPoint() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 11), 0.2), done(1, 3, p(1, 11), 0.1)));
    assertThat(points).extracting(Points.Point::budget).containsExactly(1.0, 3.0);
  }

  @Test
  void failedTrialsAreCountedInTheirPointButNotAveraged() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 11), 0.2), failed(1, 1, p(1, 12)),
        done(2, 1, p(1, 13), 0.4), failed(3, 1, p(2, 14))));
    assertThat(points.get(0).count()).isEqualTo(2);
    assertThat(points.get(0).failed()).isEqualTo(1);
    assertThat(points.get(0).mean()).isCloseTo(0.3, within(1e-12));
    assertThat(points.get(1).count()).isZero();
    assertThat(points.get(1).mean()).as("every trial failed").isNaN();
    assertThat(points.get(1).outcome().usable()).isFalse();
  }

  @Test
  void trialsWithoutParametersArePointsOfTheirOwn() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, Map.of(), 0.2), done(1, 1, Map.of(), 0.4)));
    assertThat(points).hasSize(2);
  }

  @Test
  void theBestPointByMeanIsNotTheLuckiestTrial() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 1), 0.05), done(1, 1, p(1, 2), 0.9),
        done(2, 1, p(1, 3), 0.85), done(3, 1, p(2, 4), 0.3), done(4, 1, p(2, 5), 0.35), done(5, 1, p(2, 6), 0.4)));
    Points.Point best = Points.best(points, Direction.MINIMIZE, Incumbent.TOP_BUDGET).orElseThrow();
    assertThat(best.params()).containsEntry("a", 2L);
    assertThat(Points.best(points, Direction.MAXIMIZE, Incumbent.TOP_BUDGET).orElseThrow().params()).containsEntry("a", 1L);
    assertThat(Points.ranked(points, Direction.MINIMIZE)).extracting(Points.Point::mean)
        .containsExactly(best.mean(), points.get(0).mean());
  }

  @Test
  void theIncumbentRuleAppliesToPoints() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 1), 0.1), done(1, 1, p(1, 2), 0.1),
        done(2, 3, p(2, 3), 0.5), failed(3, 9, p(2, 3))));
    assertThat(Points.best(points, Direction.MINIMIZE, Incumbent.TOP_BUDGET).orElseThrow().budget())
        .as("the largest budget with a value; a failed point does not make its budget the largest").isEqualTo(3.0);
    assertThat(Points.best(points, Direction.MINIMIZE, Incumbent.ALL).orElseThrow().budget()).isEqualTo(1.0);
    assertThat(Points.best(List.of(), Direction.MINIMIZE, Incumbent.ALL)).isEmpty();
  }

  @Test
  void tiesGoToTheLargerBudgetThenToTheEarlierTrial() {
    List<Points.Point> points = Points.group(List.of(done(0, 1, p(1, 1), 0.5), done(1, 1, p(2, 2), 0.5),
        done(2, 3, p(3, 3), 0.5)));
    assertThat(Points.ranked(points, Direction.MINIMIZE)).extracting(pt -> pt.params().get("a"))
        .containsExactly(3L, 1L, 2L);
  }

  @Test
  void pointsAndMembersRefuseNonsense() {
    assertThatThrownBy(() -> new Points.Point(1, Map.of(), List.of())).hasMessageContaining("at least one trial");
    assertThatThrownBy(() -> new Points.Point(1, Map.of("a", 1L, "opt", "sgd"), List.of(done(0, 3, p(1, 1), 0.1))))
        .hasMessageContaining("bracket-0/stage-0/config-0 has budget 3.0, its point 1.0");
    assertThatThrownBy(() -> new Points.Point(1, Map.of("a", 2L, "opt", "sgd"), List.of(done(0, 1, p(1, 1), 0.1))))
        .hasMessageContaining("has configuration");
    assertThatThrownBy(() -> done(0, 1, p(1, 1), Double.NaN)).hasMessageContaining("finite value");
    assertThatThrownBy(() -> done(0, 1, p(1, 1), Double.POSITIVE_INFINITY)).hasMessageContaining("finite value");
    assertThatThrownBy(() -> new Points.Member(new TrialId(0, 0, 0), 1, p(1, 1), true, 0.3))
        .hasMessageContaining("failed member has no value");
    assertThatThrownBy(() -> done(0, 0, p(1, 1), 0.1)).hasMessageContaining("must be a positive number");
  }

  /** Seeded random groupings: every point's statistics match commons-math3 over its members' values. */
  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyTrialIsInExactlyOnePointAndEachPointsStatisticsAreThoseOfItsValues(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Points.Member> members = new ArrayList<>();
    int n = 1 + random.nextInt(60);
    for (int i = 0; i < n; i++) {
      Map<String, Object> params = p(random.nextInt(4), random.nextLong());
      double budget = 1 + random.nextInt(3);
      members.add(random.nextInt(5) == 0 ? failed(i, budget, params) : done(i, budget, params, random.nextDouble()));
    }
    List<Points.Point> points = Points.group(members);
    assertThat(points.stream().mapToInt(pt -> pt.members().size()).sum()).isEqualTo(n);
    for (Points.Point pt : points) {
      SummaryStatistics s = new SummaryStatistics();
      pt.completed().forEach(m -> s.addValue(m.value()));
      assertThat(pt.count()).isEqualTo((int) s.getN());
      assertThat(pt.count() + pt.failed()).isEqualTo(pt.members().size());
      if (pt.count() > 0) {
        assertThat(pt.mean()).isCloseTo(s.getMean(), within(1e-12));
      }
      if (pt.count() > 1) {
        assertThat(pt.sd()).isCloseTo(s.getStandardDeviation(), within(1e-12));
      }
      assertThat(pt.members()).allSatisfy(m -> assertThat(m.configuration()).isEqualTo(pt.params()));
    }
    assertThat(points.stream().map(pt -> List.of(pt.budget(), pt.params())).distinct().count())
        .as("no two points share a configuration and budget").isEqualTo(points.size());
  }

  @Test
  void pointsUsesNoFileProcessPicocliOrFreeMarkerApi() throws IOException {
    String code = Files.readString(Path.of("src/main/java/hbgen/results/Points.java"));
    assertThat(code).doesNotContain("java.io", "java.nio", "ProcessBuilder", "picocli", "freemarker", "hbgen.search");
  }
}
