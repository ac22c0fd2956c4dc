package hbgen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.plan.Bracket;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchesTest {
  static Plan plan(int sMax, int eta, int iterations) {
    return Hyperband.plan(sMax, eta, 0, new LinkedHashSet<>(), -1, iterations);
  }

  @Test
  void everyBracketsStageZeroIsCutIntoRunsOfBInPlanOrder() {
    Batches b = new Batches(plan(2, 3, 1), 4, List.of());
    // Brackets 0, 1, 2 have 9, 5 and 3 stage-0 configurations.
    assertThat(b.all()).extracting(x -> x.bracket() + "/" + x.index() + ":" + x.first() + "+" + x.count())
        .containsExactly("0/0:0+4", "0/1:4+4", "0/2:8+1", "1/0:0+4", "1/1:4+1", "2/0:0+3");
    assertThat(b.all()).extracting(Batches.Batch::global).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(b.batchOf(new TrialId(1, 0, 4))).isEqualTo(b.batch(1, 1));
    assertThat(b.batch(1, 1).trials()).containsExactly(new TrialId(1, 0, 4));
  }

  @Test
  void aBatchSeesTheStageZeroTrialsOfTheBatchesTwoBeforeAndTheBracketsTwoBeforeWhole() {
    Batches b = new Batches(plan(2, 3, 2), 4, List.of());
    assertThat(b.seen(b.batch(0, 0))).isEmpty();
    assertThat(b.seen(b.batch(0, 1))).isEmpty();
    assertThat(b.seen(b.batch(0, 2))).isEqualTo(b.batch(0, 0).trials());
    // Bracket 2 (batch 5) sees bracket 0 whole (every stage) and the stage-0 trials of batches 0-3.
    List<TrialId> seen = b.seen(b.batch(2, 0));
    assertThat(seen).contains(new TrialId(0, 2, 0), new TrialId(0, 1, 2), new TrialId(1, 0, 3))
        .doesNotContain(new TrialId(1, 0, 4), new TrialId(1, 1, 0));
    assertThat(seen).hasSize(9 + 3 + 1 + 4);
    assertThat(b.inputs(b.batch(2, 0))).isEqualTo(new Batches.Inputs(b.batch(1, 1), b.batch(1, 0), List.of(0)));
    assertThat(b.inputs(b.batch(0, 0))).isEqualTo(new Batches.Inputs(null, null, List.of()));
  }

  @Test
  void anExtensionsFirstBatchSeesEveryBracketWrittenBeforeIt() {
    Plan p = plan(2, 3, 2);
    Batches plain = new Batches(p, 4, List.of());
    Batches extended = new Batches(p, 4, Batches.parts(p, List.of(1)));
    assertThat(Batches.parts(p, List.of(1))).containsExactly(3);
    Batches.Batch first = extended.batch(3, 0);
    assertThat(extended.inputs(first).brackets()).containsExactly(1, 2);
    List<TrialId> all = new ArrayList<>();
    for (Bracket br : p.brackets().subList(0, 3)) {
      for (Stage s : br.stages()) {
        for (long c = 0; c < s.configs(); c++) {
          all.add(new TrialId(br.index(), s.index(), c));
        }
      }
    }
    assertThat(extended.seen(first)).isEqualTo(all);
    assertThat(plain.seen(plain.batch(3, 0))).isNotEqualTo(all);
    assertThat(Batches.parts(p, List.of())).isEmpty();
    assertThat(Batches.parts(plan(2, 3, 3), List.of(1, 1))).containsExactly(3, 6);
  }

  @Test
  void badSizesAndUnknownBatchesAreRefused() {
    assertThatThrownBy(() -> new Batches(plan(1, 2, 1), 0, List.of())).hasMessageContaining("batch size must be >= 1");
    Batches b = new Batches(plan(1, 2, 1), 2, List.of());
    assertThatThrownBy(() -> b.batch(0, 9)).hasMessageContaining("bracket 0 has no batch 9 (it has 1)");
    assertThatThrownBy(() -> b.batchOf(new TrialId(0, 1, 0))).hasMessageContaining("not a stage-0 trial");
    assertThatThrownBy(() -> new Batches(plan(1, 2, 1), 2, List.of(0))).hasMessageContaining("a part starts");
  }

  static Stream<Arguments> randomPlans() {
    Random rng = new Random(20261207);
    return IntStream.range(0, 40).mapToObj(i -> {
      int sMax = rng.nextInt(4);
      int eta = 2 + rng.nextInt(3);
      int iterations = 1 + rng.nextInt(3);
      int size = 1 + rng.nextInt(12);
      List<Integer> added = new ArrayList<>();
      int left = iterations - 1;
      while (left > 0 && rng.nextBoolean()) {
        int k = 1 + rng.nextInt(left);
        added.add(k);
        left -= k;
      }
      return Arguments.of(sMax, eta, iterations, size, added);
    });
  }

  /**
   * What the DAG waits for (the edges, followed transitively, plus the trials of every bracket a
   * batch waits for whole) is exactly the rule's set; and a batch never waits for its own trials or
   * for a later batch's, so the DAG has no cycle.
   */
  @ParameterizedTest(name = "S_MAX {0}, eta {1}, {2} iterations, B {3}, extensions {4}")
  @MethodSource("randomPlans")
  void theEdgesWaitForExactlyTheRulesTrials(int sMax, int eta, int iterations, int size, List<Integer> added) {
    Plan p = plan(sMax, eta, iterations);
    Batches b = new Batches(p, size, Batches.parts(p, added));
    Set<TrialId> closure = new HashSet<>();
    for (Batches.Batch batch : b.all()) {
      Batches.Inputs in = b.inputs(batch);
      if (in.lagged() != null) {
        closure.addAll(in.lagged().trials());
      }
      for (int bracket : in.brackets()) {
        for (Stage s : p.bracket(bracket).stages()) {
          for (long c = 0; c < s.configs(); c++) {
            closure.add(new TrialId(bracket, s.index(), c));
          }
        }
      }
      assertThat(new TreeSet<>(closure)).as("batch " + batch.global()).isEqualTo(new TreeSet<>(b.seen(batch)));
      for (TrialId t : closure) {
        if (t.stage() == 0) {
          assertThat(b.batchOf(t).global()).isLessThan(batch.global());
        }
      }
      assertThat(b.seen(batch)).doesNotContainAnyElementsOf(batch.trials());
      if (batch.global() > 0) {
        assertThat(in.previous().global()).isEqualTo(batch.global() - 1);
      }
    }
    assertThat(b.all().stream().mapToLong(Batches.Batch::count).sum()).isEqualTo(p.sampledConfigs());
  }
}
