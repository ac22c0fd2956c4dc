package hbgen.model;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.space.Case;
import hbgen.space.Distribution;
import hbgen.space.Parameter;
import hbgen.space.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Spaces the model tests share, and the one validity check of a proposed configuration. */
final class Spaces {
  private Spaces() {}

  static Parameter always(String name, Distribution d) {
    return new Parameter(name, List.of(Case.always(d)));
  }

  static Case when(Distribution d, String ref, Object... values) {
    return new Case(d, Map.of(ref, List.of(values)));
  }

  /** Every kind of distribution, a conditional parameter, a parameter with two cases, fixed values. */
  static Space rich() {
    return new Space(List.of(
        always("optimizer", new Distribution.Choice(List.of("sgd", "adam", "rmsprop"))),
        always("lr", new Distribution.LogUniform(1e-5, 1e-1)),
        new Parameter("momentum", List.of(when(new Distribution.Uniform(0, 0.99), "optimizer", "sgd"))),
        new Parameter("beta", List.of(
            when(new Distribution.Uniform(0.8, 0.999), "optimizer", "adam"),
            Case.always(new Distribution.Value(0.9)))),
        always("layers", new Distribution.IntRange(1, 8, 1)),
        always("width", new Distribution.Geomspace(16, 1024, 7)),
        always("units", new Distribution.Range(10, 0, -2)),
        new Parameter("decay", List.of(when(new Distribution.Exponential(0.01), "layers", 4L, 5L, 6L, 7L, 8L))),
        always("shift", new Distribution.Normal(1, 2)),
        always("activation", new Distribution.Choice(List.of("relu", "tanh"))),
        always("constant", new Distribution.Choice(List.of(7L)))),
        Map.of("epochs", 10L));
  }

  /** x and y uniform on [-5, 5). */
  static Space square() {
    return new Space(List.of(always("x", new Distribution.Uniform(-5, 5)), always("y", new Distribution.Uniform(-5, 5))),
        Map.of());
  }

  /**
   * Asserts that {@code p} is a configuration the space can draw: exactly the parameters whose
   * conditions hold, in declaration order, each a value of its case (uniform and loguniform below
   * their upper end, as the sampler draws).
   */
  static void assertValid(Space space, Map<String, Object> p) {
    Map<String, Object> drawn = new LinkedHashMap<>();
    List<String> expected = new ArrayList<>();
    for (Parameter parameter : space.parameters()) {
      Case c = parameter.cases().stream().filter(k -> k.matches(drawn)).findFirst().orElse(null);
      if (c == null) {
        continue;
      }
      expected.add(parameter.name());
      Object v = p.get(parameter.name());
      assertThat(v).as("%s in %s", parameter.name(), p).isNotNull();
      assertThat(c.distribution().canTake(v)).as("%s = %s is a value of %s", parameter.name(), v, c.distribution()).isTrue();
      if (c.distribution() instanceof Distribution.Uniform u) {
        assertThat((Double) v).isLessThan(u.high());
      }
      if (c.distribution() instanceof Distribution.LogUniform u) {
        assertThat((Double) v).isLessThan(u.high());
      }
      if (c.distribution().values().isPresent() && !(c.distribution() instanceof Distribution.IntRange)
          && !(c.distribution() instanceof Distribution.Range)) {
        assertThat(c.distribution().values().get()).as("%s", parameter.name()).contains(v);
      }
      drawn.put(parameter.name(), v);
    }
    assertThat(new ArrayList<>(p.keySet())).isEqualTo(expected);
  }
}
