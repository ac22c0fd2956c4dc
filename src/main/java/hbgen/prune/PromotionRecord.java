package hbgen.prune;

import hbgen.search.Layout;
import hbgen.trial.TrialId;
import java.util.Set;

/**
 * A promotion that has been done, as far as pruning cares: which trials of the stage before it
 * went on. Their checkpoints are what the promoted trials resume from, so they are kept.
 *
 * @param bracket the bracket index
 * @param stage the stage promoted into (>= 1)
 * @param promoted the trials of stage {@code stage - 1} that were promoted
 */
public record PromotionRecord(int bracket, int stage, Set<TrialId> promoted) {
  public PromotionRecord {
    if (bracket < 0) {
      throw new IllegalArgumentException("bracket must be >= 0, was " + bracket);
    }
    if (stage < 1) {
      throw new IllegalArgumentException("a promotion goes into stage 1 or later, was stage " + stage);
    }
    promoted = Set.copyOf(promoted);
    for (TrialId id : promoted) {
      if (id.bracket() != bracket || id.stage() != stage - 1) {
        throw new IllegalArgumentException("the promotion into " + Layout.stagePath(bracket, stage)
            + " lists " + id.path() + ", which is not in " + Layout.stagePath(bracket, stage - 1));
      }
    }
  }
}
