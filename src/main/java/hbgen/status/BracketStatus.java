package hbgen.status;

import hbgen.trial.Best;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * One bracket at one moment.
 *
 * @param index the bracket index
 * @param iteration the iteration of Hyperband's outer loop it belongs to (0 unless --iterations)
 * @param stages its stages, stage 0 first
 */
public record BracketStatus(int index, int iteration, List<StageStatus> stages) {
  /** A bracket of the first (or only) iteration. */
  public BracketStatus(int index, List<StageStatus> stages) {
    this(index, 0, stages);
  }

  public BracketStatus {
    if (iteration < 0) {
      throw new IllegalArgumentException("bracket " + index + ": iteration must be >= 0, was " + iteration);
    }
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("bracket " + index + " has no stage");
    }
  }

  /** Stages whose every slot has its final result. */
  public long stagesComplete() {
    return stages.stream().filter(StageStatus::complete).count();
  }

  /** The states of all its slots. */
  public Counts counts() {
    return Counts.sum(stages.stream().map(StageStatus::counts).toList());
  }

  private record Candidate(Outcome outcome, TrialSnapshot trial) {}

  /**
   * The best {@code k} completed trials of the bracket, best first, in the order of {@link
   * Best#order}: objective in the search's direction, then the larger budget, then the trial id.
   * A configuration promoted through several stages appears once per stage it finished.
   */
  public List<TrialSnapshot> top(int k, Direction direction) {
    if (k <= 0) {
      return List.of();
    }
    Comparator<Outcome> order = Best.order(direction);
    // A bounded heap with the worst of the best k on top: brackets can hold tens of thousands of trials.
    PriorityQueue<Candidate> best = new PriorityQueue<>((x, y) -> order.compare(y.outcome(), x.outcome()));
    for (StageStatus s : stages) {
      for (TrialSnapshot t : s.trials()) {
        if (t.state() != TrialState.COMPLETED) {
          continue;
        }
        if (best.size() < k) {
          best.add(new Candidate(t.outcome(), t));
        } else if (direction.compare(t.objective(), best.peek().outcome().objective()) <= 0) {
          // Only a trial at least as good by objective can beat the worst kept one (Best.order
          // decides ties); the others are skipped without building their Outcome.
          Candidate c = new Candidate(t.outcome(), t);
          if (order.compare(c.outcome(), best.peek().outcome()) < 0) {
            best.poll();
            best.add(c);
          }
        }
      }
    }
    List<Candidate> out = new ArrayList<>(best);
    out.sort((x, y) -> order.compare(x.outcome(), y.outcome()));
    return out.stream().map(Candidate::trial).toList();
  }
}
