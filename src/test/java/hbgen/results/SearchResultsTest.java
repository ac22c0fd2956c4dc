package hbgen.results;

import hbgen.search.Layout;
import hbgen.trial.TrialState;
import static hbgen.results.SearchFixture.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchResultsTest {
  @TempDir Path tmp;

  private static Trial trial(SearchResults r, String path) {
    return r.trials().stream().filter(t -> t.id().equals(id(path))).findFirst().orElseThrow();
  }

  @Nested
  class AFreshSearch {
    @Test
    void hasEverySlotOfThePlanInPlanOrderNumberedFromZero() {
      SearchResults r = SearchFixture.create(tmp).read();
      assertThat(r.trials()).hasSize(22);
      assertThat(r.trials()).extracting(Trial::number).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 22).boxed().toList());
      assertThat(r.trials().get(9).id()).isEqualTo(id("bracket-0/stage-1/config-0"));
      assertThat(r.trials().get(21).id()).isEqualTo(id("bracket-2/stage-0/config-2"));
    }

    @Test
    void isPendingAtStageZeroAndUnpromotedLater() {
      SearchResults r = SearchFixture.create(tmp).read();
      assertThat(r.counts()).containsEntry(TrialState.PENDING, 17L).containsEntry(TrialState.UNFILLED, 5L)
          .containsEntry(TrialState.COMPLETED, 0L);
      assertThat(r.finished()).isZero();
      assertThat(r.complete()).isFalse();
      assertThat(r.progress()).isEqualTo("0 of 22 trials finished; 17 pending, 5 unfilled");
    }

    @Test
    void readsTheParametersOfEachStageZeroConfig() {
      Trial t = SearchFixture.create(tmp).read().trials().get(0);
      assertThat(t.params().values()).containsKeys("C", "learning_rate", "optimizer", "seed", "folds")
          .containsEntry("folds", 5L);
      assertThat(t.params().note()).isEmpty();
      assertThat(t.value()).isNaN();
      assertThat(t.valueText()).isEqualTo("nan");
      assertThat(t.budget()).isEqualTo(1.0);
    }
  }

  @Nested
  class TrialFiles {
    @Test
    void aValidResultIsCompletedWithItsObjectiveAndEveryMetric() {
      SearchResults r = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-3", 0.9, 0.25, "2026-01-01T00:00:00Z").read();
      Trial t = trial(r, "bracket-0/stage-0/config-3");
      assertThat(t.state()).isEqualTo(TrialState.COMPLETED);
      assertThat(t.value()).isEqualTo(0.9);
      assertThat(t.valueText()).isEqualTo("0.9");
      assertThat(t.metrics()).isEqualTo(Map.of("accuracy", 0.9, "loss", 0.25));
      assertThat(t.host()).isEqualTo("node-7");
      assertThat(t.slurmJobId()).isEqualTo("99");
      assertThat(t.started()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(t.finished()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(t.durationS()).isEqualTo(4.0);
      assertThat(t.attempts()).isEqualTo(1);
    }

    @Test
    void aFailedMarkerMakesAFailedTrialWithItsReasonAndAttempts() {
      Trial t = trial(SearchFixture.create(tmp).fail("bracket-0/stage-0/config-1", "2026-01-01T00:00:00Z").read(),
          "bracket-0/stage-0/config-1");
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.value()).isNaN();
      assertThat(t.reason()).isEqualTo("exit code 1: it's broken");
      assertThat(t.attempts()).isEqualTo(2);
      assertThat(t.durationS()).isEqualTo(7.0);
    }

    @Test
    void aResultWithoutTheObjectiveIsAFailureWithTheReason() {
      SearchFixture f = SearchFixture.create(tmp).start("bracket-0/stage-0/config-0", "2026-01-01T00:00:00Z")
          .write("bracket-0/stage-0/config-0/result", "loss: 0.3\n");
      Trial t = trial(f.read(), "bracket-0/stage-0/config-0");
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.reason()).startsWith("result: result has no metric 'accuracy'");
    }

    @Test
    void aStartedMarkerWithoutAResultOfALauncherThatCannotBeCheckedIsUnverified() {
      Trial t = trial(SearchFixture.create(tmp).startElsewhere("bracket-2/stage-0/config-1", "2026-01-01T00:00:00Z").read(),
          "bracket-2/stage-0/config-1");
      assertThat(t.state()).isEqualTo(TrialState.UNVERIFIED);
      assertThat(t.host()).isEqualTo("node-7");
      assertThat(t.finished()).isEmpty();
      assertThat(t.durationS()).isNaN();
    }

    @Test
    void anEmptyPromotionSlotIsSkippedOnceThePromotionRan() {
      SearchFixture f = SearchFixture.create(tmp).promotionDone(0, 1);
      Trial t = trial(f.read(), "bracket-0/stage-1/config-2");
      assertThat(t.state()).isEqualTo(TrialState.SKIPPED);
      assertThat(t.reason()).contains("too few finished trials");
      assertThat(trial(f.read(), "bracket-0/stage-2/config-0").state()).isEqualTo(TrialState.UNFILLED);
    }

    @Test
    void aPromotedSlotKnowsWhereItCameFromAndIsPending() {
      SearchFixture f = SearchFixture.create(tmp).promote("bracket-0/stage-0/config-4", "bracket-0/stage-1/config-0");
      Trial t = trial(f.read(), "bracket-0/stage-1/config-0");
      assertThat(t.state()).isEqualTo(TrialState.PENDING);
      assertThat(t.promotedFrom()).isEqualTo(id("bracket-0/stage-0/config-4"));
      assertThat(t.params().values()).isEqualTo(trial(f.read(), "bracket-0/stage-0/config-4").params().values());
    }

    @Test
    void anUnreadableConfigGivesNoParamsAndANote() {
      SearchFixture f = SearchFixture.create(tmp).write("bracket-0/stage-0/config-0/config", "{not: json");
      Trial t = trial(f.read(), "bracket-0/stage-0/config-0");
      assertThat(t.params().values()).isEmpty();
      assertThat(t.note()).startsWith("config is not valid JSON");
    }
  }

  @Nested
  class TheLedger {
    @Test
    void isOptional() throws Exception {
      SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-3", 0.9, 0.25, "2026-01-01T00:00:00Z");
      Files.delete(f.root.resolve(Layout.LEDGER));
      Trial t = trial(f.read(), "bracket-0/stage-0/config-3");
      assertThat(t.state()).isEqualTo(TrialState.COMPLETED);
      assertThat(t.value()).isEqualTo(0.9);
      assertThat(t.finished()).as("from the result's modification time").isNotEmpty();
      assertThat(f.read().ledger().entries()).isEmpty();
    }

    @Test
    void neverOverridesTheTrialFiles() {
      SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-3", 0.9, 0.25, "2026-01-01T00:00:00Z");
      f.write("bracket-0/stage-0/config-3/result", "{accuracy: 0.5, loss: 1.0}\n");
      Trial t = trial(f.read(), "bracket-0/stage-0/config-3");
      assertThat(t.value()).isEqualTo(0.5);
      assertThat(t.metrics()).containsEntry("loss", 1.0);
    }

    @Test
    void aLineOfAnEarlierRunDoesNotLendItsTimeToARerunThatFailed() {
      SearchFixture f = SearchFixture.create(tmp).complete("bracket-0/stage-0/config-3", 0.9, 0.25, "2026-01-01T00:00:00Z");
      f.write("bracket-0/stage-0/config-3/failed", "reason: 'exit code 2'\nattempts: 1\n")
          .write("bracket-0/stage-0/config-3/result", "nan\n");
      Trial t = trial(f.read(), "bracket-0/stage-0/config-3");
      assertThat(t.state()).isEqualTo(TrialState.FAILED);
      assertThat(t.finished()).isNotEqualTo("2026-01-01T00:00:00Z");
      assertThat(t.reason()).isEqualTo("exit code 2");
    }
  }

  @Test
  void aFinishedSearchIsComplete() {
    SearchResults r = SearchFixture.finished(tmp).read();
    assertThat(r.complete()).isTrue();
    assertThat(r.counts()).containsEntry(TrialState.COMPLETED, 16L).containsEntry(TrialState.FAILED, 5L)
        .containsEntry(TrialState.SKIPPED, 1L);
    assertThat(r.progress()).isEqualTo("22 of 22 trials finished");
  }
}
