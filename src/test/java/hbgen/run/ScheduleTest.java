package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.plan.Bracket;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.run.Schedule.StageRef;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScheduleTest {
  /** S_MAX 2, ETA 3: bracket 0 has 9, 3, 1 slots; bracket 1 has 5, 1; bracket 2 has 3. */
  private static final Plan PLAN = Hyperband.plan(2, 3, 0, new LinkedHashSet<>(), -1);

  private static TrialId t(int b, int s, long c) {
    return new TrialId(b, s, c);
  }

  private static Schedule fresh() {
    return new Schedule(PLAN, id -> false, ref -> false);
  }

  private static List<TrialId> takeAll(Schedule s) {
    List<TrialId> out = new ArrayList<>();
    for (Optional<TrialId> id = s.take(); id.isPresent(); id = s.take()) {
      out.add(id.get());
    }
    return out;
  }

  @Nested
  class AFreshSearch {
    @Test
    void startsWithEveryStageZeroTrialReadyAndNothingElse() {
      Schedule s = fresh();
      List<TrialId> taken = takeAll(s);
      assertThat(taken).hasSize(9 + 5 + 3).allMatch(id -> id.stage() == 0);
      assertThat(s.total()).isEqualTo(22);
      assertThat(s.takeDue()).isEmpty();
    }

    @Test
    void duesAPromotionOnlyWhenTheLastTrialOfTheStageBeforeFinishes() {
      Schedule s = fresh();
      List<TrialId> taken = takeAll(s);
      List<TrialId> bracket0 = taken.stream().filter(id -> id.bracket() == 0).toList();
      for (int i = 0; i < bracket0.size() - 1; i++) {
        assertThat(s.finish(bracket0.get(i))).isFalse();
        assertThat(s.takeDue()).isEmpty();
      }
      assertThat(s.finish(bracket0.get(bracket0.size() - 1))).isTrue();
      assertThat(s.takeDue()).containsExactly(new StageRef(0, 1));
      assertThat(s.takeDue()).as("each promotion is handed out once").isEmpty();
    }

    @Test
    void makesAPromotedStagesTrialsReady() {
      Schedule s = fresh();
      takeAll(s).stream().filter(id -> id.bracket() == 0).forEach(s::finish);
      s.takeDue().forEach(s::promoted);
      assertThat(takeAll(s)).containsExactly(t(0, 1, 0), t(0, 1, 1), t(0, 1, 2));
    }

    @Test
    void letsALaterStageOvertakeTheNextBracketsFirstStage() {
      Schedule s = fresh();
      for (int c = 0; c < 9; c++) {
        s.finish(s.take().orElseThrow());
      }
      s.takeDue().forEach(s::promoted);
      assertThat(s.take()).contains(t(0, 1, 0));
    }

    @Test
    void runsBracketsConcurrently() {
      Schedule s = fresh();
      for (int c = 0; c < 9; c++) {
        s.take();
      }
      assertThat(s.take()).as("bracket 1 starts while bracket 0 still runs").contains(t(1, 0, 0));
      assertThat(s.running()).isEqualTo(10);
    }
  }

  @Nested
  class AResumedSearch {
    @Test
    void skipsFinishedTrials() {
      Set<TrialId> done = Set.of(t(0, 0, 0), t(2, 0, 1));
      Schedule s = new Schedule(PLAN, done::contains, ref -> false);
      assertThat(takeAll(s)).hasSize(15).doesNotContainAnyElementsOf(done);
      assertThat(s.finished()).isEqualTo(2);
    }

    @Test
    void doesNotRedoAWrittenPromotionButRunsItsUnfinishedTrials() {
      Set<TrialId> done = new HashSet<>();
      LongStream.range(0, 9).forEach(c -> done.add(t(0, 0, c)));
      done.add(t(0, 1, 1));
      Schedule s = new Schedule(PLAN, done::contains, new StageRef(0, 1)::equals);
      assertThat(s.takeDue()).isEmpty();
      assertThat(takeAll(s)).contains(t(0, 1, 0), t(0, 1, 2)).doesNotContain(t(0, 1, 1));
    }

    @Test
    void duesAPromotionWhoseInputsFinishedBeforeTheRunWasKilled() {
      Set<TrialId> done = new HashSet<>();
      LongStream.range(0, 5).forEach(c -> done.add(t(1, 0, c)));
      Schedule s = new Schedule(PLAN, done::contains, ref -> false);
      assertThat(s.takeDue()).containsExactly(new StageRef(1, 1));
    }

    @Test
    void countsAnAdoptedSurvivorAsRunningAndNeverHandsItOut() {
      Schedule s = fresh();
      s.adopt(t(2, 0, 1));
      assertThat(s.running()).isEqualTo(1);
      assertThat(takeAll(s)).doesNotContain(t(2, 0, 1));
      s.finish(t(2, 0, 1));
      assertThat(s.finished()).isEqualTo(1);
    }
  }

  @Test
  void aTrialWhoseLauncherFailedBlocksItsBracketButNotTheOthers() {
    Schedule s = fresh();
    List<TrialId> taken = takeAll(s);
    s.fail(taken.get(0));
    taken.stream().skip(1).forEach(s::finish);
    List<StageRef> due = s.takeDue();
    assertThat(due).containsExactly(new StageRef(1, 1));
    due.forEach(s::promoted);
    s.finish(s.take().orElseThrow());
    assertThat(s.idle()).isTrue();
    assertThat(s.complete()).isFalse();
    assertThat(s.broken()).containsExactly(t(0, 0, 0));
  }

  @Test
  void aStoppedTrialIsReadyAgain() {
    Schedule s = fresh();
    TrialId first = s.take().orElseThrow();
    s.release(first);
    assertThat(s.take()).contains(first);
  }

  @Test
  void refusesToFinishATrialThatIsNotRunning() {
    assertThatThrownBy(() -> fresh().finish(t(0, 0, 0))).hasMessageContaining("bracket-0/stage-0/config-0 is not running");
  }

  @Test
  void tracksTheBudgetLeftToTrain() {
    Schedule s = fresh();
    assertThat(s.remainingBudget()).isEqualTo(9 * 1 + 3 * 3 + 9 + 5 * 3 + 9 + 3 * 9);
    s.finish(s.take().orElseThrow());
    assertThat(s.remainingBudget()).isEqualTo(78 - 1);
  }

  static Stream<Long> seeds() {
    return new Random(20261123L).longs(40).boxed();
  }

  /**
   * Walks random plans with random finishing orders and worker counts, as the engine does, and
   * checks the DAG's rules at every step.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void everyTrialRunsOnceAndOnlyAfterItsPromotion(long seed) {
    Random rnd = new Random(seed);
    Plan plan = Hyperband.plan(rnd.nextInt(4), 2 + rnd.nextInt(3), 0, new LinkedHashSet<>(), -1);
    Set<TrialId> done = new HashSet<>();
    Set<StageRef> promotedBefore = new HashSet<>();
    if (rnd.nextBoolean()) {
      // resume: some of stage 0 already finished
      for (Bracket b : plan.brackets()) {
        LongStream.range(0, b.stages().get(0).configs()).filter(c -> rnd.nextInt(3) == 0)
            .forEach(c -> done.add(t(b.index(), 0, c)));
      }
    }
    Schedule s = new Schedule(plan, done::contains, promotedBefore::contains);
    int workers = 1 + rnd.nextInt(6);
    Set<TrialId> started = new HashSet<>();
    Set<StageRef> promoted = new HashSet<>();
    List<TrialId> running = new ArrayList<>();
    s.takeDue().forEach(ref -> {
      promoted.add(ref);
      s.promoted(ref);
    });
    while (!s.complete()) {
      while (running.size() < workers) {
        Optional<TrialId> next = s.take();
        if (next.isEmpty()) {
          break;
        }
        TrialId id = next.get();
        assertThat(started.add(id)).as("%s handed out twice", id).isTrue();
        assertThat(done).doesNotContain(id);
        if (id.stage() > 0) {
          assertThat(promoted).contains(StageRef.of(id));
        }
        running.add(id);
      }
      assertThat(running).as("the schedule stalled").isNotEmpty();
      TrialId end = running.remove(rnd.nextInt(running.size()));
      s.finish(end);
      done.add(end);
      for (StageRef ref : s.takeDue()) {
        Stage before = plan.bracket(ref.bracket()).stages().get(ref.stage() - 1);
        LongStream.range(0, before.configs()).forEach(c ->
            assertThat(done).contains(t(ref.bracket(), ref.stage() - 1, c)));
        assertThat(promoted.add(ref)).isTrue();
        s.promoted(ref);
      }
    }
    assertThat(done).hasSize((int) plan.trials());
    assertThat(s.remainingBudget()).isZero();
    assertThat(s.idle()).isTrue();
  }

  /** A search whose stage-0 configurations are proposed in batches of 4 (bracket 0: 4+4+1, bracket 1: 4+1, bracket 2: 3). */
  @Nested
  class ProposedInBatches {
    private final hbgen.model.Batches batches = new hbgen.model.Batches(PLAN, 4, List.of());

    private Schedule fresh() {
      return new Schedule(PLAN, id -> false, ref -> false, batches, b -> false);
    }

    private void propose(Schedule s, int global) {
      Optional<hbgen.model.Batches.Batch> due = s.takeDueProposal();
      assertThat(due).as("batch " + global + " due").isPresent();
      assertThat(due.get().global()).isEqualTo(global);
      s.proposed(due.get());
    }

    @Test
    void noStageZeroTrialIsReadyBeforeItsBatchIsProposed() {
      Schedule s = fresh();
      assertThat(s.hasReady()).isFalse();
      assertThat(s.awaitsProposal(t(0, 0, 0))).isTrue();
      assertThat(s.idle()).as("a proposal is due: not idle").isFalse();
      propose(s, 0);
      assertThat(s.awaitsProposal(t(0, 0, 0))).isFalse();
      propose(s, 1);
      assertThat(s.takeDueProposal()).as("batch 2 waits for batch 0's trials").isEmpty();
      assertThat(takeAll(s)).containsExactlyElementsOf(LongStream.range(0, 8).mapToObj(c -> t(0, 0, c)).toList());
    }

    @Test
    void aBatchIsDueOnceTheBatchTwoBeforeHasFinishedAndEachIsHandedOutOnce() {
      Schedule s = fresh();
      propose(s, 0);
      propose(s, 1);
      List<TrialId> taken = takeAll(s);
      for (TrialId id : taken.subList(0, 3)) {
        s.finish(id);
        assertThat(s.takeDueProposal()).isEmpty();
      }
      s.finish(taken.get(3));
      propose(s, 2);
      assertThat(s.takeDueProposal()).as("batch 3 waits for batch 1").isEmpty();
      taken.subList(4, 8).forEach(s::finish);
      Optional<hbgen.model.Batches.Batch> three = s.takeDueProposal();
      assertThat(three).isPresent();
      assertThat(s.takeDueProposal()).as("handed out once").isEmpty();
      assertThat(s.idle()).isFalse();
      s.proposed(three.get());
      assertThat(takeAll(s)).contains(t(0, 0, 8), t(1, 0, 0), t(1, 0, 3));
    }

    @Test
    void bracketTwoWaitsForEveryTrialOfBracketZero() {
      Schedule s = new Schedule(PLAN, id -> id.bracket() != 0 || id.stage() < 2, ref -> ref.bracket() == 0,
          batches, b -> b.global() < 5);
      assertThat(s.takeDueProposal()).as("bracket 0's last stage has not finished").isEmpty();
      TrialId last = takeAll(s).stream().filter(id -> id.bracket() == 0 && id.stage() == 2).findFirst().orElseThrow();
      s.finish(last);
      assertThat(s.takeDueProposal()).map(hbgen.model.Batches.Batch::global).contains(5);
    }

    @Test
    void proposingOutOfOrderIsRefused() {
      Schedule s = fresh();
      assertThatThrownBy(() -> s.proposed(batches.all().get(1))).hasMessageContaining("not the next to propose");
    }
  }
}
