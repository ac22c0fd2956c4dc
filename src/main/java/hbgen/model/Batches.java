package hbgen.model;

import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.trial.TrialId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The proposal batches of a model-based search and the one rule that says which results each
 * batch is proposed from (README, "Samplers and batches"). Pure: both engines and the Snakefile
 * read it from here.
 *
 * <p>Batches: every bracket's stage-0 configurations, in plan order, cut into runs of {@code B}
 * (the last one of a bracket may be shorter); batch {@code g} is the g-th of the whole search.
 *
 * <p>The rule. Batch g is proposed from the results of exactly
 * <ul>
 *   <li>the stage-0 trials of batches 0 to g-2, and
 *   <li>every trial, at every stage, of the brackets two or more places before its own in the
 *       plan, and of every bracket written before its own by an earlier {@code generate} or
 *       {@code extend} (a "part" of the search).
 * </ul>
 * So while batch g-1's trials train, batch g is already proposed: two batches of stage-0 trials,
 * plus the later stages of the two latest brackets, can run at once, and the model is refitted
 * every B proposals. Nothing depends on timing: a batch waits for exactly these trials (a failed
 * one counts as the worst result), so the same seed and the same results give the same proposals.
 *
 * <p>For the DAG the rule is written as edges to the batch before ({@link Inputs#previous}), to
 * the stage-0 trials of batch g-2 ({@link Inputs#lagged}) and to the last stage of the brackets
 * that become visible at g ({@link Inputs#brackets}): by induction over the edge to g-1, a batch
 * then waits for every trial of the rule and for no other.
 */
public final class Batches {
  /** One batch: stage-0 configurations {@code first} to {@code first + count - 1} of a bracket. */
  public record Batch(int global, int bracket, int index, long first, int count) {
    public Batch {
      if (global < 0 || bracket < 0 || index < 0 || first < 0 || count < 1) {
        throw new IllegalArgumentException("not a batch: " + global + "/" + bracket + "/" + index + "/" + first + "/" + count);
      }
    }

    /** The stage-0 trials it proposes, in order. */
    public List<TrialId> trials() {
      List<TrialId> out = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        out.add(new TrialId(bracket, 0, first + k));
      }
      return out;
    }
  }

  /**
   * The edges of a batch in the DAG.
   *
   * @param previous the batch before it, or null for the first
   * @param lagged the batch two before, whose stage-0 trials it waits for, or null
   * @param brackets brackets whose every trial it waits for and that no earlier batch waits for
   */
  public record Inputs(Batch previous, Batch lagged, List<Integer> brackets) {
    public Inputs {
      brackets = List.copyOf(brackets);
    }
  }

  private final Plan plan;
  private final int size;
  private final List<Batch> batches = new ArrayList<>();
  private final Map<Integer, List<Batch>> byBracket = new TreeMap<>();
  /** Per batch (global index): the plan positions of the brackets it sees whole, as a prefix length. */
  private final int[] bracketsSeen;

  /**
   * @param plan the search's plan
   * @param size B, the proposals per batch (>= 1)
   * @param parts the plan positions at which each later part of the search starts (an extension's
   *     first bracket), ascending; empty for a search written at once
   */
  public Batches(Plan plan, int size, List<Integer> parts) {
    if (plan == null) {
      throw new IllegalArgumentException("batches need a plan");
    }
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, was " + size);
    }
    this.plan = plan;
    this.size = size;
    List<Bracket> brackets = plan.brackets();
    TreeSet<Integer> starts = new TreeSet<>(parts);
    for (int p : starts) {
      if (p <= 0 || p >= brackets.size()) {
        throw new IllegalArgumentException("a part starts at a bracket position in 1.." + (brackets.size() - 1) + ", was " + p);
      }
    }
    List<Integer> seen = new ArrayList<>();
    for (int pos = 0; pos < brackets.size(); pos++) {
      Bracket b = brackets.get(pos);
      Integer partStart = starts.floor(pos);
      int whole = Math.max(pos - 1, partStart == null ? 0 : partStart); // brackets at positions < whole are seen whole
      long configs = b.stages().get(0).configs();
      List<Batch> own = new ArrayList<>();
      for (long first = 0; first < configs; first += size) {
        Batch batch = new Batch(batches.size(), b.index(), own.size(), first, (int) Math.min(size, configs - first));
        batches.add(batch);
        own.add(batch);
        seen.add(whole);
      }
      byBracket.put(b.index(), List.copyOf(own));
    }
    bracketsSeen = seen.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The plan positions at which the later parts of a search start: the first bracket of each
   * extension, given the iterations each added (in order); the rest of the plan's iterations are
   * the first part's.
   */
  public static List<Integer> parts(Plan plan, List<Integer> addedIterations) {
    int first = plan.iterations() - addedIterations.stream().mapToInt(Integer::intValue).sum();
    List<Integer> parts = new ArrayList<>();
    for (int k : addedIterations) {
      int pos = 0;
      while (pos < plan.brackets().size() && plan.iteration(plan.brackets().get(pos)) < first) {
        pos++;
      }
      if (pos > 0 && pos < plan.brackets().size() && !parts.contains(pos)) {
        parts.add(pos);
      }
      first += k;
    }
    return parts;
  }

  /** B. */
  public int size() {
    return size;
  }

  /** Every batch in order. */
  public List<Batch> all() {
    return Collections.unmodifiableList(batches);
  }

  /** Batch {@code index} of a bracket. */
  public Batch batch(int bracket, int index) {
    List<Batch> own = byBracket.get(bracket);
    if (own == null || index < 0 || index >= own.size()) {
      throw new IllegalArgumentException("bracket " + bracket + " has no batch " + index
          + (own == null ? "" : " (it has " + own.size() + ")"));
    }
    return own.get(index);
  }

  /** The batches of a bracket. */
  public List<Batch> of(int bracket) {
    return byBracket.getOrDefault(bracket, List.of());
  }

  /** The batch that proposes a stage-0 trial. */
  public Batch batchOf(TrialId id) {
    if (id.stage() != 0) {
      throw new IllegalArgumentException(id.path() + " is not a stage-0 trial");
    }
    return batch(id.bracket(), Math.toIntExact(id.config() / size));
  }

  /** The edges of a batch: see the class comment. */
  public Inputs inputs(Batch batch) {
    int g = batch.global();
    Batch previous = g > 0 ? batches.get(g - 1) : null;
    Batch lagged = g > 1 ? batches.get(g - 2) : null;
    int before = g > 0 ? bracketsSeen[g - 1] : 0;
    List<Integer> brackets = new ArrayList<>();
    for (int pos = before; pos < bracketsSeen[g]; pos++) {
      brackets.add(plan.brackets().get(pos).index());
    }
    return new Inputs(previous, lagged, brackets);
  }

  /**
   * Every trial whose result a batch is proposed from, in plan order: the stage-0 trials of batches
   * up to g-2 and every trial of the brackets it sees whole.
   */
  public List<TrialId> seen(Batch batch) {
    int g = batch.global();
    Set<Integer> whole = new TreeSet<>();
    for (int pos = 0; pos < bracketsSeen[g]; pos++) {
      whole.add(plan.brackets().get(pos).index());
    }
    List<TrialId> out = new ArrayList<>();
    for (Bracket b : plan.brackets()) {
      if (whole.contains(b.index())) {
        for (var s : b.stages()) {
          for (long c = 0; c < s.configs(); c++) {
            out.add(new TrialId(b.index(), s.index(), c));
          }
        }
      }
    }
    for (int k = 0; k <= g - 2; k++) {
      Batch earlier = batches.get(k);
      if (!whole.contains(earlier.bracket())) {
        out.addAll(earlier.trials());
      }
    }
    out.sort(null);
    return out;
  }

  /** The stage-0 trials proposed before a batch (batches 0 to g-1), whose results it may not have. */
  public List<TrialId> proposedBefore(Batch batch) {
    List<TrialId> out = new ArrayList<>();
    for (int k = 0; k < batch.global(); k++) {
      out.addAll(batches.get(k).trials());
    }
    return out;
  }
}
