package hbgen.search;

import hbgen.plan.CostModel;
import hbgen.plan.Plan;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import java.util.List;

/**
 * Everything that decides a search's files: same spec (and same seed), same bytes.
 *
 * @param strategy hyperband, random or grid
 * @param plan the brackets and stages
 * @param cost the cost model the plan is printed with
 * @param seed the search seed
 * @param space the search space
 * @param spacePath where the space came from (for the manifest), or "(bundled example)"
 * @param objective the metric to optimize; empty when results are single numbers
 * @param direction minimize or maximize
 * @param trainer the training command (shell text the user wrote)
 * @param trainerDir the trainer's working directory, relative to the search root when possible
 * @param bundledExample whether the bundled example trainer is copied into the search
 * @param retries extra attempts of a failing trial
 * @param allowDuplicates whether stage-0 configurations may repeat
 * @param command the command line, for the manifest
 * @param launcher how run.sh starts the trainer (local, srun, sbatch) and the Slurm resources
 * @param grid the stage-0 configurations of a grid search (empty: draw them from the space)
 * @param snapshot the trainer code copied into the search, or null
 * @param gitCommit the commit of the directory hbgen ran in, or null
 * @param resumeFromParent whether trainers continue promoted configurations from a checkpoint
 * @param incumbent the rule that names the best trial
 * @param sampler how stage-0 configurations are chosen (random draws, or BOHB proposals in batches)
 */
public record SearchSpec(
    String strategy,
    Plan plan,
    CostModel cost,
    long seed,
    SpaceFile space,
    String spacePath,
    String objective,
    Direction direction,
    String trainer,
    String trainerDir,
    boolean bundledExample,
    int retries,
    boolean allowDuplicates,
    List<String> command,
    Launcher launcher,
    List<java.util.Map<String, Object>> grid,
    Snapshot snapshot,
    String gitCommit,
    boolean resumeFromParent,
    Incumbent incumbent,
    hbgen.model.SamplerChoice sampler) {
  public SearchSpec {
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must be >= 0, was " + retries);
    }
    if (trainer == null || trainer.isBlank()) {
      throw new IllegalArgumentException("--trainer must not be empty");
    }
    objective = objective == null ? "" : objective;
    incumbent = incumbent == null ? Incumbent.TOP_BUDGET : incumbent;
    sampler = sampler == null ? hbgen.model.SamplerChoice.random() : sampler;
    if (sampler.proposes() && !grid.isEmpty()) {
      throw new IllegalArgumentException("a grid search has no sampler to choose");
    }
    command = List.copyOf(command);
    grid = List.copyOf(grid);
  }
}
