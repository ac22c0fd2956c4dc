package hbgen.space;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/** Draws one configuration's parameters from a space, in declaration order. */
public final class Sampler {
  private Sampler() {}

  /** One draw: parameters whose cases all fail to match are absent. */
  public static Map<String, Object> draw(Space space, RandomGenerator rng) {
    Map<String, Object> drawn = new LinkedHashMap<>();
    for (Parameter p : space.parameters()) {
      for (Case c : p.cases()) {
        if (c.matches(drawn)) {
          drawn.put(p.name(), c.distribution().sample(rng));
          break;
        }
      }
    }
    return Collections.unmodifiableMap(drawn);
  }
}
