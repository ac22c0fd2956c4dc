package hbgen.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrawsTest {
  private final Space small = new Space(List.of(
      new Parameter("a", List.of(Case.always(new Distribution.Choice(List.of(1L, 2L, 3L))))),
      new Parameter("b", List.of(Case.always(new Distribution.Choice(List.of("x", "y")))))), Map.of());

  @Test
  void stageZeroConfigurationsAreDistinct() {
    Draws d = new Draws(small, new Seeds(5), false);
    List<Map<String, Object>> all = d.drawAll(0, 6);
    assertThat(new HashSet<>(all)).hasSize(6);
  }

  @Test
  void aSpaceTooSmallForThePlanSaysHowManyPointsItHas() {
    assertThatThrownBy(() -> Draws.checkCapacity(small, 7, false))
        .hasMessageStartingWith("the search space has only 6 distinct points but the plan needs 7 distinct configurations");
    Draws.checkCapacity(small, 7, true);
  }

  @Test
  void duplicatesAreAllowedOnRequest() {
    assertThat(new Draws(small, new Seeds(5), true).drawAll(0, 20)).hasSize(20);
  }

  @Test
  void configurationKDependsOnlyOnSeedBracketAndK() {
    Space cont = new Space(List.of(new Parameter("u", List.of(Case.always(new Distribution.Uniform(0, 1))))), Map.of());
    Map<String, Object> alone = new Draws(cont, new Seeds(9), false).draw(2, 17);
    Draws many = new Draws(cont, new Seeds(9), false);
    many.drawAll(0, 30);
    many.drawAll(1, 30);
    assertThat(many.drawAll(2, 30).get(17)).isEqualTo(alone);
  }

  /** drawAll makes first draws in parallel; it must equal drawing one configuration after another. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
  void drawingAllAtOnceEqualsDrawingOneAfterAnother(long seed) {
    Space medium = new Space(List.of(
        new Parameter("a", List.of(Case.always(new Distribution.Choice(List.of(1L, 2L, 3L, 4L, 5L))))),
        new Parameter("b", List.of(Case.always(new Distribution.Choice(List.of("x", "y", "z", "w")))))), Map.of());
    Draws oneByOne = new Draws(medium, new Seeds(seed), false);
    Draws atOnce = new Draws(medium, new Seeds(seed), false);
    for (int bracket = 0; bracket < 2; bracket++) {
      List<Map<String, Object>> expected = new java.util.ArrayList<>();
      for (int k = 0; k < 9; k++) {
        expected.add(oneByOne.draw(bracket, k));
      }
      assertThat(atOnce.drawAll(bracket, 9)).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void aPlanThatNeedsEveryPointOfAFiniteSpaceGetsThemAll() {
    Space ints = new Space(List.of(new Parameter("x", List.of(Case.always(new Distribution.IntRange(1, 20_000, 1))))), Map.of());
    Draws.checkCapacity(ints, 20_000, false);
    List<Map<String, Object>> all = new Draws(ints, new Seeds(3), false).drawAll(0, 20_000);
    assertThat(new HashSet<>(all)).hasSize(20_000);
    assertThat(new Draws(ints, new Seeds(3), false).drawAll(0, 20_000)).as("deterministic").isEqualTo(all);
  }

  @Test
  void conditionalSpacesCountOnlyReachablePoints() {
    Space cond = new Space(List.of(
        new Parameter("opt", List.of(Case.always(new Distribution.Choice(List.of("sgd", "momentum"))))),
        new Parameter("pen", List.of(
            new Case(new Distribution.Value("l2"), Map.of("opt", List.of("sgd"))),
            new Case(new Distribution.Choice(List.of("l1", "l2")), Map.of("opt", List.of("momentum")))))), Map.of());
    assertThat(cond.enumerate(100)).hasSize(3);
  }

  @Test
  void configSeedsAreDistinctAndPositive() {
    Seeds s = new Seeds(123456);
    HashSet<Long> seen = new HashSet<>();
    for (int b = 0; b < 5; b++) {
      for (int k = 0; k < 2000; k++) {
        long v = s.configSeed(b, k);
        assertThat(v).isBetween(1L, 2_147_483_646L);
        seen.add(v);
      }
    }
    assertThat(seen).hasSize(10_000);
  }
}
