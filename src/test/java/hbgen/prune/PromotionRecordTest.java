package hbgen.prune;

import hbgen.search.Layout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.trial.TrialId;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromotionRecordTest {
  @Test
  void itListsTrialsOfTheStageBeforeAndKeepsACopy() {
    Set<TrialId> promoted = new HashSet<>(Set.of(Layout.parseTrial("bracket-1/stage-1/config-4")));
    var r = new PromotionRecord(1, 2, promoted);
    promoted.clear();
    assertThat(r.promoted()).containsExactly(Layout.parseTrial("bracket-1/stage-1/config-4"));
  }

  @Test
  void aTrialOfAnotherStageOrBracketIsRejectedWithBothNamed() {
    assertThatThrownBy(() -> new PromotionRecord(0, 2, Set.of(Layout.parseTrial("bracket-0/stage-0/config-1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the promotion into bracket-0/stage-2 lists bracket-0/stage-0/config-1, which is not in bracket-0/stage-1");
    assertThatThrownBy(() -> new PromotionRecord(0, 1, Set.of(Layout.parseTrial("bracket-3/stage-0/config-1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists bracket-3/stage-0/config-1");
  }

  @Test
  void nothingIsPromotedIntoStageZero() {
    assertThatThrownBy(() -> new PromotionRecord(0, 0, Set.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a promotion goes into stage 1 or later, was stage 0");
  }
}
