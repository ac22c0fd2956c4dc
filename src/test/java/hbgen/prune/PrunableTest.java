package hbgen.prune;

import hbgen.search.Layout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.plan.Bracket;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PrunableTest {
  /** R = 9, eta = 3: bracket 0 has stages of 9, 3 and 1 trials, bracket 1 of 5 and 1, bracket 2 of 3. */
  static final Plan PLAN = Hyperband.plan(2, 3, 0, Set.of(), -1);

  static TrialId t(String path) {
    return Layout.parseTrial(path);
  }

  static Set<TrialId> stage(int bracket, int stage, long configs) {
    Set<TrialId> out = new HashSet<>();
    for (long c = 0; c < configs; c++) {
      out.add(new TrialId(bracket, stage, c));
    }
    return out;
  }

  static Set<TrialId> all(Plan plan) {
    Set<TrialId> out = new HashSet<>();
    for (Bracket b : plan.brackets()) {
      for (var s : b.stages()) {
        out.addAll(stage(b.index(), s.index(), s.configs()));
      }
    }
    return out;
  }

  @Test
  void nothingIsPrunableBeforeAnyPromotion() {
    assertThat(Prunable.of(PLAN, List.of(), all(PLAN))).isEmpty();
  }

  @Test
  void theTrialsNotPromotedOutOfAPromotedStageArePrunableInPlanOrder() {
    var into1 = new PromotionRecord(0, 1, Set.of(t("bracket-0/stage-0/config-5"), t("bracket-0/stage-0/config-8"),
        t("bracket-0/stage-0/config-7")));

    assertThat(Prunable.of(PLAN, List.of(into1), all(PLAN))).containsExactly(
        t("bracket-0/stage-0/config-0"), t("bracket-0/stage-0/config-1"), t("bracket-0/stage-0/config-2"),
        t("bracket-0/stage-0/config-3"), t("bracket-0/stage-0/config-4"), t("bracket-0/stage-0/config-6"));
  }

  @Test
  void theLastStageOfEveryBracketKeepsItsCheckpointsEvenWhenEverythingIsPromoted() {
    var done = List.of(
        new PromotionRecord(0, 1, Set.of(t("bracket-0/stage-0/config-0"), t("bracket-0/stage-0/config-1"), t("bracket-0/stage-0/config-2"))),
        new PromotionRecord(0, 2, Set.of(t("bracket-0/stage-1/config-2"))),
        new PromotionRecord(1, 1, Set.of(t("bracket-1/stage-0/config-4"))));

    List<TrialId> prunable = Prunable.of(PLAN, done, all(PLAN));

    assertThat(prunable).hasSize(6 + 2 + 4)
        .noneMatch(id -> id.equals(t("bracket-0/stage-2/config-0")) || id.bracket() == 2
            || id.equals(t("bracket-1/stage-1/config-0")))
        .contains(t("bracket-0/stage-1/config-0"), t("bracket-0/stage-1/config-1"))
        .doesNotContain(t("bracket-0/stage-1/config-2"));
  }

  @Test
  void aFailedTrialIsPrunableAndAShortfallChangesNothing() {
    // Every trial failed, none was promoted (a shortfall of 1): the rule only asks who went on.
    var into1 = new PromotionRecord(1, 1, Set.of());
    assertThat(Prunable.of(PLAN, List.of(into1), all(PLAN))).containsExactlyElementsOf(
        stage(1, 0, 5).stream().sorted().toList());
  }

  @Test
  void aTrialThatIsNotSettledIsKeptBecauseItIsBeingRunAgain() {
    var into1 = new PromotionRecord(1, 1, Set.of(t("bracket-1/stage-0/config-0")));
    Set<TrialId> settled = all(PLAN);
    settled.remove(t("bracket-1/stage-0/config-3"));

    assertThat(Prunable.of(PLAN, List.of(into1), settled)).containsExactly(
        t("bracket-1/stage-0/config-1"), t("bracket-1/stage-0/config-2"), t("bracket-1/stage-0/config-4"));
  }

  @Test
  void aPromotionIntoAStageThePlanDoesNotHaveIsRejected() {
    assertThatThrownBy(() -> Prunable.of(PLAN, List.of(new PromotionRecord(2, 1, Set.of())), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bracket 2 has no stage 1 to promote into");
    assertThatThrownBy(() -> Prunable.of(PLAN, List.of(new PromotionRecord(7, 1, Set.of())), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("the plan has no bracket 7");
  }

  @Test
  void twoPromotionsIntoOneStageAreRejected() {
    var once = new PromotionRecord(0, 1, Set.of());
    assertThatThrownBy(() -> Prunable.of(PLAN, List.of(once, once), Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("two promotions into bracket-0/stage-1");
  }

  /** Random plans, random promotions done, random promoted and settled sets, from one seeded generator. */
  static Stream<Object[]> randomSearches() {
    Random rng = new Random(8);
    List<Object[]> out = new ArrayList<>();
    for (int n = 0; n < 60; n++) {
      Plan plan = Hyperband.plan(rng.nextInt(5), 2 + rng.nextInt(3), 0, Set.of(), -1);
      List<PromotionRecord> done = new ArrayList<>();
      for (Bracket b : plan.brackets()) {
        for (int j = 1; j < b.stages().size(); j++) {
          if (rng.nextInt(3) > 0) {
            Set<TrialId> promoted = new HashSet<>();
            for (TrialId id : stage(b.index(), j - 1, b.stages().get(j - 1).configs())) {
              if (promoted.size() < b.stages().get(j).configs() && rng.nextBoolean()) {
                promoted.add(id);
              }
            }
            done.add(new PromotionRecord(b.index(), j, promoted));
          }
        }
      }
      Set<TrialId> settled = new HashSet<>();
      for (TrialId id : all(plan)) {
        if (rng.nextInt(10) > 0) {
          settled.add(id);
        }
      }
      out.add(new Object[] {plan, done, settled});
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("randomSearches")
  void aPrunableTrialIsSettledNotPromotedNotInALastStageAndItsStageWasPromoted(
      Plan plan, List<PromotionRecord> done, Set<TrialId> settled) {
    List<TrialId> prunable = Prunable.of(plan, done, settled);

    assertThat(prunable).isSorted().doesNotHaveDuplicates();
    for (TrialId id : prunable) {
      assertThat(settled).contains(id);
      assertThat(id.stage()).isLessThan(plan.bracket(id.bracket()).stages().size() - 1);
      PromotionRecord next = done.stream().filter(r -> r.bracket() == id.bracket() && r.stage() == id.stage() + 1)
          .findFirst().orElseThrow(() -> new AssertionError(id.path() + " pruned but its stage was not promoted"));
      assertThat(next.promoted()).doesNotContain(id);
    }
    long expected = done.stream().mapToLong(r -> stage(r.bracket(), r.stage() - 1,
        plan.bracket(r.bracket()).stages().get(r.stage() - 1).configs()).stream()
        .filter(id -> settled.contains(id) && !r.promoted().contains(id)).count()).sum();
    assertThat(prunable).as("every such trial is prunable").hasSize((int) expected);
  }
}
