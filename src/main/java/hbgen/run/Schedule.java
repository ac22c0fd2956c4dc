package hbgen.run;

import hbgen.model.Batches;

import hbgen.search.Layout;
import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The DAG of a search as the engine walks it, with the Snakefile's edges: a stage-0 trial is ready
 * at once (with a model-based sampler: once its batch is proposed); a stage-J trial once its
 * bracket's promotion into stage J is done, and that promotion is due once every trial of stage J-1
 * has finished. A batch's proposal is due once the batch before it is proposed and the trials
 * {@link Batches#inputs} names have finished. Brackets are otherwise independent, so they interleave.
 * Pure state: the engine tells it what happened on disk and in processes.
 */
public final class Schedule {
  /** One stage of one bracket; a promotion is named by the stage it fills. */
  public record StageRef(int bracket, int stage) implements Comparable<StageRef> {
    public StageRef {
      if (bracket < 0 || stage < 0) {
        throw new IllegalArgumentException("bracket and stage are >= 0, was " + bracket + "/" + stage);
      }
    }

    @Override public int compareTo(StageRef o) {
      return bracket != o.bracket ? Integer.compare(bracket, o.bracket) : Integer.compare(stage, o.stage);
    }

    /** The stage of a trial. */
    public static StageRef of(TrialId id) {
      return new StageRef(id.bracket(), id.stage());
    }

    /** {@code bracket-I/stage-J}, the directory of the stage. */
    public String path() {
      return Layout.stagePath(bracket, stage);
    }
  }

  private final Plan plan;
  private final Map<StageRef, Long> unfinished = new HashMap<>();
  private final Set<StageRef> promoted = new HashSet<>();
  private final NavigableSet<StageRef> due = new TreeSet<>();
  // Ready trials in id order: a bracket's later stages overtake the next bracket's first stage,
  // so that brackets finish (and report) early while idle workers still start other brackets.
  private final NavigableSet<TrialId> ready = new TreeSet<>();
  private final Set<TrialId> finished = new HashSet<>();
  private final Set<TrialId> running = new HashSet<>();
  private final Set<TrialId> broken = new HashSet<>();
  private final long total;
  private double remainingBudget;
  // Model-based sampling: the batches, those proposed, and the next one (batches are proposed in order).
  private final Batches batches;
  private final Set<Integer> proposed = new HashSet<>();
  private int nextBatch;
  private boolean batchHandedOut;

  /**
   * Builds the state of a search from what is on disk.
   *
   * @param isFinished whether a trial has its {@code result}
   * @param isPromoted whether a stage's {@code promotion.yaml} exists (stage J > 0)
   */
  public Schedule(Plan plan, Predicate<TrialId> isFinished, Predicate<StageRef> isPromoted) {
    this(plan, isFinished, isPromoted, null, b -> true);
  }

  /**
   * Builds the state of a search whose stage-0 configurations are proposed in batches.
   *
   * @param batches the search's batches, or null when every configuration was drawn when it was written
   * @param isProposed whether a batch's proposal has been written
   */
  public Schedule(Plan plan, Predicate<TrialId> isFinished, Predicate<StageRef> isPromoted, Batches batches,
      Predicate<Batches.Batch> isProposed) {
    this.plan = plan;
    this.batches = batches;
    if (batches != null) {
      for (Batches.Batch b : batches.all()) {
        if (isProposed.test(b)) {
          proposed.add(b.global());
        }
      }
      while (nextBatch < batches.all().size() && proposed.contains(nextBatch)) {
        nextBatch++;
      }
    }
    long count = 0;
    for (Bracket b : plan.brackets()) {
      for (Stage s : b.stages()) {
        StageRef ref = new StageRef(b.index(), s.index());
        if (s.index() > 0 && isPromoted.test(ref)) {
          promoted.add(ref);
        }
        long open = 0;
        for (long c = 0; c < s.configs(); c++) {
          TrialId id = new TrialId(b.index(), s.index(), c);
          if (isFinished.test(id)) {
            finished.add(id);
          } else {
            open++;
            remainingBudget += s.budget();
          }
        }
        unfinished.put(ref, open);
        count += s.configs();
      }
    }
    total = count;
    for (Bracket b : plan.brackets()) {
      for (Stage s : b.stages()) {
        StageRef ref = new StageRef(b.index(), s.index());
        if (s.index() == 0 || promoted.contains(ref)) {
          addReady(ref);
        } else if (unfinished.get(new StageRef(b.index(), s.index() - 1)) == 0) {
          due.add(ref);
        }
      }
    }
  }

  private void addReady(StageRef ref) {
    long configs = stage(ref).configs();
    for (long c = 0; c < configs; c++) {
      TrialId id = new TrialId(ref.bracket(), ref.stage(), c);
      boolean proposedYet = ref.stage() > 0 || batches == null || proposed.contains(batches.batchOf(id).global());
      if (proposedYet && !finished.contains(id) && !running.contains(id) && !broken.contains(id)) {
        ready.add(id);
      }
    }
  }

  /**
   * The next batch to propose when its inputs have finished and it has not been handed out yet;
   * each is handed out once ({@link #proposed(Batches.Batch)} then makes its trials ready).
   */
  public Optional<Batches.Batch> takeDueProposal() {
    if (batchHandedOut) {
      return Optional.empty();
    }
    Optional<Batches.Batch> due = dueProposal();
    batchHandedOut = due.isPresent();
    return due;
  }

  /** The next batch when every trial its edges name has finished (a whole bracket: each stage's count). */
  private Optional<Batches.Batch> dueProposal() {
    if (batches == null || nextBatch >= batches.all().size()) {
      return Optional.empty();
    }
    Batches.Batch next = batches.all().get(nextBatch);
    Batches.Inputs inputs = batches.inputs(next);
    if (inputs.lagged() != null && !inputs.lagged().trials().stream().allMatch(finished::contains)) {
      return Optional.empty();
    }
    for (int bracket : inputs.brackets()) {
      for (Stage s : plan.bracket(bracket).stages()) {
        if (unfinished.get(new StageRef(bracket, s.index())) > 0) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(next);
  }

  /** A batch's proposal was written: its trials become ready. */
  public void proposed(Batches.Batch batch) {
    if (batches == null || batch.global() != nextBatch) {
      throw new IllegalStateException("batch " + batch.global() + " is not the next to propose");
    }
    proposed.add(batch.global());
    batchHandedOut = false;
    while (nextBatch < batches.all().size() && proposed.contains(nextBatch)) {
      nextBatch++;
    }
    for (TrialId id : batch.trials()) {
      if (!finished.contains(id) && !running.contains(id) && !broken.contains(id)) {
        ready.add(id);
      }
    }
  }

  /** Whether a trial waits for its batch's proposal. */
  public boolean awaitsProposal(TrialId id) {
    return id.stage() == 0 && batches != null && !proposed.contains(batches.batchOf(id).global());
  }

  private Stage stage(StageRef ref) {
    return plan.bracket(ref.bracket()).stages().get(ref.stage());
  }

  /** The budget of a trial's stage. */
  public double budget(TrialId id) {
    return stage(StageRef.of(id)).budget();
  }

  /** Takes the next ready trial and counts it as running. */
  public Optional<TrialId> take() {
    TrialId id = ready.pollFirst();
    if (id != null) {
      running.add(id);
    }
    return Optional.ofNullable(id);
  }

  /** Counts a trial as running that something else started (a survivor of an earlier run). */
  public void adopt(TrialId id) {
    if (finished.contains(id)) {
      throw new IllegalStateException(id.path() + " is already finished");
    }
    ready.remove(id);
    running.add(id);
  }

  /**
   * A running trial wrote its result.
   *
   * @return whether this completed its stage
   */
  public boolean finish(TrialId id) {
    if (!running.remove(id)) {
      throw new IllegalStateException(id.path() + " is not running");
    }
    finished.add(id);
    remainingBudget -= budget(id);
    StageRef ref = StageRef.of(id);
    long open = unfinished.merge(ref, -1L, Long::sum);
    if (open == 0) {
      StageRef next = new StageRef(ref.bracket(), ref.stage() + 1);
      if (next.stage() < plan.bracket(ref.bracket()).stages().size() && !promoted.contains(next)) {
        due.add(next);
      }
    }
    return open == 0;
  }

  /** A running trial ended without a result (the launcher failed): not retried in this run. */
  public void fail(TrialId id) {
    if (!running.remove(id)) {
      throw new IllegalStateException(id.path() + " is not running");
    }
    broken.add(id);
  }

  /** A running trial was stopped on purpose; it is ready again (for a later run). */
  public void release(TrialId id) {
    if (running.remove(id)) {
      ready.add(id);
    }
  }

  /** Promotions whose inputs are complete, in bracket and stage order; each is handed out once. */
  public List<StageRef> takeDue() {
    List<StageRef> out = new ArrayList<>(due);
    due.clear();
    return out;
  }

  /** A promotion was written: the trials of that stage become ready. */
  public void promoted(StageRef ref) {
    if (ref.stage() == 0) {
      throw new IllegalArgumentException("stage 0 is sampled, not promoted");
    }
    promoted.add(ref);
    due.remove(ref);
    addReady(ref);
  }

  /** Whether any trial is ready to start. */
  public boolean hasReady() {
    return !ready.isEmpty();
  }

  /** Whether a trial has its result (as far as this schedule was told). */
  public boolean isFinished(TrialId id) {
    return finished.contains(id);
  }

  /** Trials running now. */
  public int running() {
    return running.size();
  }

  /** Trials with a result. */
  public long finished() {
    return finished.size();
  }

  /** Trial slots of the plan. */
  public long total() {
    return total;
  }

  /** Trials whose launcher failed in this run. */
  public Set<TrialId> broken() {
    return Set.copyOf(broken);
  }

  /** Sum of the budgets of the trials without a result: what is left to train. */
  public double remainingBudget() {
    return Math.max(0, remainingBudget);
  }

  /** Whether every trial has its result: time for the best configuration. */
  public boolean complete() {
    return finished.size() == total;
  }

  /** Whether nothing runs, nothing is ready and no promotion is due: the run can go no further. */
  public boolean idle() {
    return running.isEmpty() && ready.isEmpty() && due.isEmpty() && !proposalDue();
  }

  private boolean proposalDue() {
    return batchHandedOut || dueProposal().isPresent();
  }
}
