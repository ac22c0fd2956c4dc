package hbgen.plan;

import java.util.List;

/**
 * One Hyperband bracket: successive halving started with {@code s}, a list of stages.
 *
 * @param index bracket index I, numbered on across iterations (s = S_MAX - I mod (S_MAX+1))
 * @param s the bracket's s value, which sets its number of stages (s + 1 before any cut)
 * @param stages the stages in order, stage 0 first
 */
public record Bracket(int index, int s, List<Stage> stages) {
  public Bracket {
    if (index < 0) {
      throw new IllegalArgumentException("bracket index must be >= 0, was " + index);
    }
    stages = List.copyOf(stages);
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("bracket " + index + " has no stage");
    }
    for (int j = 0; j < stages.size(); j++) {
      if (stages.get(j).index() != j) {
        throw new IllegalArgumentException("bracket " + index + ": stage " + j + " has index " + stages.get(j).index());
      }
    }
  }

  /** The last stage, whose survivors the bracket reports. */
  public Stage last() {
    return stages.get(stages.size() - 1);
  }

  /** Number of trials (configuration slots) over all stages. */
  public long trials() {
    return stages.stream().mapToLong(Stage::configs).sum();
  }
}
