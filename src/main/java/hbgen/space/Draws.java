package hbgen.space;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws the stage-0 configurations of a search. Configuration k of bracket b comes from its own
 * generator derived from (seed, b, k); a draw that repeats an earlier configuration of the search
 * (seeds aside) is drawn again from the same generator, unless duplicates are allowed. In a finite
 * space that is nearly used up, redrawing rarely finds a new point: after
 * {@link #REDRAWS_BEFORE_PICKING} repeats the same generator picks uniformly among the points not
 * drawn yet, so a plan that needs every point of the space gets them all, quickly.
 */
public final class Draws {
  /** How often one configuration is redrawn before the space is declared too small. */
  static final int MAX_REDRAWS = 10_000;
  /** How often one configuration of a finite space is redrawn before picking among unused points. */
  static final int REDRAWS_BEFORE_PICKING = 100;
  /** How many points of a finite space are listed to pick from, beyond the ones drawn already. */
  static final int MAX_LISTED = 1_000_000;

  private final Space space;
  private final Seeds seeds;
  private final boolean allowDuplicates;
  private final Set<Map<String, Object>> seen = new HashSet<>();
  /** The finite space's points not drawn yet, listed on first need (then kept in step with seen). */
  private List<Map<String, Object>> unused;
  private Map<Map<String, Object>, Integer> unusedIndex;

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
    add(params);
  }

  /** Records a drawn configuration; false when it was drawn before. */
  private boolean add(Map<String, Object> params) {
    if (!seen.add(params)) {
      return false;
    }
    if (unused != null) {
      Integer at = unusedIndex.remove(params);
      if (at != null) {
        Map<String, Object> last = unused.remove(unused.size() - 1);
        if (at < unused.size()) {
          unused.set(at, last);
          unusedIndex.put(last, at);
        }
      }
    }
    return true;
  }

  /** Draws configuration {@code config} of bracket {@code bracket}. */
  public Map<String, Object> draw(int bracket, long config) {
    RandomGenerator rng = seeds.generator(bracket, config);
    boolean finite = space.continuousParameters().isEmpty();
    for (int attempt = 0; attempt < (finite ? REDRAWS_BEFORE_PICKING : MAX_REDRAWS); attempt++) {
      Map<String, Object> params = Sampler.draw(space, rng);
      if (allowDuplicates || add(params)) {
        return params;
      }
    }
    if (finite) {
      if (unused == null) {
        unused = new ArrayList<>();
        unusedIndex = new HashMap<>();
        for (Map<String, Object> point : space.enumerate((long) seen.size() + MAX_LISTED)) {
          if (!seen.contains(point) && !unusedIndex.containsKey(point)) {
            unusedIndex.put(point, unused.size());
            unused.add(point);
          }
        }
      }
      if (!unused.isEmpty()) {
        Map<String, Object> params = unused.get(rng.nextInt(unused.size()));
        add(params);
        return params;
      }
    }
    throw new IllegalArgumentException("could not draw a configuration distinct from the "
        + seen.size() + " before it after " + MAX_REDRAWS
        + " tries: the search space is too small for this plan (or pass --allow-duplicates)");
  }

  /**
   * Draws configurations 0..count-1 of a bracket. The first draw of each configuration depends
   * only on its own generator, so those are made in parallel; duplicates are then resolved in
   * configuration order by {@link #draw}, which replays the configuration's generator from its
   * start. The result is the same as drawing one configuration after the other.
   */
  public List<Map<String, Object>> drawAll(int bracket, long count) {
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("cannot draw " + count + " configurations in one bracket");
    }
    List<Map<String, Object>> first = IntStream.range(0, (int) count).parallel()
        .mapToObj(k -> Sampler.draw(space, seeds.generator(bracket, k)))
        .toList();
    List<Map<String, Object>> out = new ArrayList<>(first.size());
    for (int k = 0; k < first.size(); k++) {
      Map<String, Object> params = first.get(k);
      out.add(allowDuplicates || add(params) ? params : draw(bracket, k));
    }
    return out;
  }
}
