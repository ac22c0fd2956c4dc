package hbgen.space;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the stage-0 configurations of a search. Configuration k of bracket b comes from its own
 * generator derived from (seed, b, k); a draw that repeats an earlier configuration of the search
 * (seeds aside) is drawn again from the same generator, unless duplicates are allowed.
 */
public final class Draws {
  /** How often one configuration is redrawn before the space is declared too small. */
  static final int MAX_REDRAWS = 10_000;

  private final Space space;
  private final Seeds seeds;
  private final boolean allowDuplicates;
  private final Set<Map<String, Object>> seen = new HashSet<>();

  public Draws(Space space, Seeds seeds, boolean allowDuplicates) {
    this.space = space;
    this.seeds = seeds;
    this.allowDuplicates = allowDuplicates;
  }

  /**
   * Fails early when a finite space has fewer distinct points than the search needs, naming both
   * counts.
   */
  public static void checkCapacity(Space space, long needed, boolean allowDuplicates) {
    if (allowDuplicates || !space.continuousParameters().isEmpty()) {
      return;
    }
    long points = space.enumerate(needed).size();
    if (points < needed) {
      throw new IllegalArgumentException("the search space has only " + points
          + " distinct points but the plan needs " + needed
          + " distinct configurations (enlarge the space, shrink the plan, or pass --allow-duplicates)");
    }
  }

  /** Marks configurations drawn earlier (e.g. by a previous call that this one extends). */
  public void remember(Map<String, Object> params) {
    seen.add(params);
  }

  /** Draws configuration {@code config} of bracket {@code bracket}. */
  public Map<String, Object> draw(int bracket, long config) {
    RandomGenerator rng = seeds.generator(bracket, config);
    for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
      Map<String, Object> params = Sampler.draw(space, rng);
      if (allowDuplicates || seen.add(params)) {
        return params;
      }
    }
    throw new IllegalArgumentException("could not draw a configuration distinct from the "
        + seen.size() + " before it after " + MAX_REDRAWS
        + " tries: the search space is too small for this plan (or pass --allow-duplicates)");
  }

  /** Draws configurations 0..count-1 of a bracket. */
  public List<Map<String, Object>> drawAll(int bracket, long count) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (long k = 0; k < count; k++) {
      out.add(draw(bracket, k));
    }
    return out;
  }
}
