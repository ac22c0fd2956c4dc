package hbgen.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import hbgen.space.Distribution;
import hbgen.space.Sampler;
import hbgen.space.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BohbEncodingTest {
  private final Space rich = Spaces.rich();
  private final BohbEncoding encoding = BohbEncoding.of(rich);

  @Test
  void oneDimensionPerCaseThatCanTakeMoreThanOneValue() {
    // beta's second case (value 0.9), constant (a choice of one) and the fixed epochs need none.
    List<String> dims = new ArrayList<>();
    for (int d = 0; d < encoding.dimensions(); d++) {
      dims.add(encoding.parameter(d));
    }
    assertThat(dims).containsExactly("optimizer", "lr", "momentum", "beta", "layers", "width", "units", "decay",
        "shift", "activation");
    assertThat(encoding.levels(0)).isEqualTo(3);
    assertThat(encoding.levels(9)).isEqualTo(2);
    assertThat(encoding.levels(1)).isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89})
  void decodingAnEncodedDrawGivesTheDrawBack(long seed) {
    RandomGenerator rng = new Well19937c(seed);
    for (int i = 0; i < 50; i++) {
      Map<String, Object> draw = Sampler.draw(rich, rng);
      Map<String, Object> back = encoding.decode(encoding.encode(draw));
      assertThat(back.keySet()).containsExactlyElementsOf(draw.keySet());
      assertSame(back, draw);
      assertThat(encoding.canonical(draw)).isEqualTo(draw);
    }
  }

  /** Continuous parameters of the rich space: their round trip is exact up to rounding. */
  private static final List<String> CONTINUOUS = List.of("lr", "momentum", "beta", "decay", "shift");

  private static void assertSame(Map<String, Object> actual, Map<String, Object> expected) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    expected.forEach((k, v) -> {
      if (CONTINUOUS.contains(k)) {
        double e = ((Number) v).doubleValue();
        assertThat((Double) actual.get(k)).as(k).isCloseTo(e, within(1e-12 * Math.max(1, Math.abs(e))));
      } else {
        assertThat(actual.get(k)).as(k).isEqualTo(v);
      }
    });
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void everyPointDecodesToAConfigurationTheSpaceCanDraw(long seed) {
    RandomGenerator rng = new Well19937c(seed);
    for (int i = 0; i < 200; i++) {
      double[] x = new double[encoding.dimensions()];
      for (int d = 0; d < x.length; d++) {
        int levels = encoding.levels(d);
        x[d] = levels > 0 ? rng.nextInt(levels) : i % 10 == 0 ? (i / 10) % 2 : rng.nextDouble();
      }
      Spaces.assertValid(rich, encoding.decode(x));
    }
  }

  @Test
  void inactiveCasesAreNaN() {
    Map<String, Object> adam = draw("adam", 3L);
    double[] x = encoding.encode(adam);
    assertThat(x[2]).as("momentum, absent without sgd").isNaN();
    assertThat(x[3]).as("beta's adam case").isBetween(0.0, 1.0);
    assertThat(x[7]).as("decay, absent below 4 layers").isNaN();
    Map<String, Object> sgd = draw("sgd", 5L);
    double[] y = encoding.encode(sgd);
    assertThat(y[2]).isBetween(0.0, 1.0);
    assertThat(y[3]).as("beta is the constant 0.9 under sgd").isNaN();
    assertThat(y[7]).isBetween(0.0, 1.0);
    assertSame(encoding.decode(y), encoding.canonical(sgd));
  }

  private Map<String, Object> draw(String optimizer, long layers) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("optimizer", optimizer);
    p.put("lr", 1e-3);
    if (optimizer.equals("sgd")) {
      p.put("momentum", 0.5);
    }
    p.put("beta", optimizer.equals("adam") ? 0.95 : 0.9);
    p.put("layers", layers);
    p.put("width", 64.0);
    p.put("units", 4L);
    if (layers >= 4) {
      p.put("decay", 0.02);
    }
    p.put("shift", -1.5);
    p.put("activation", "tanh");
    p.put("constant", 7L);
    return p;
  }

  @Test
  void integersAreOrderedBinsAndRoundBackToTheirStep() {
    BohbEncoding ints = BohbEncoding.of(new Space(List.of(Spaces.always("n", new Distribution.IntRange(2, 10, 2))), Map.of()));
    // 5 values 2, 4, 6, 8, 10: value i sits at the centre of bin i of 5.
    assertThat(ints.encode(Map.of("n", 6L))[0]).isEqualTo(0.5);
    assertThat(ints.encode(Map.of("n", 2))[0]).isEqualTo(0.1);
    assertThat(ints.decode(new double[] {0.0})).containsEntry("n", 2L);
    assertThat(ints.decode(new double[] {0.1999})).containsEntry("n", 2L);
    assertThat(ints.decode(new double[] {0.2})).containsEntry("n", 4L);
    assertThat(ints.decode(new double[] {1.0})).containsEntry("n", 10L);
    assertThat(ints.canonical(Map.of("n", 8.0))).containsEntry("n", 8L);
    BohbEncoding down = BohbEncoding.of(new Space(List.of(Spaces.always("n", new Distribution.Range(10, 0, -3))), Map.of()));
    assertThat(down.decode(new double[] {0.99})).containsEntry("n", 1L);
    assertThat(down.encode(Map.of("n", 7L))[0]).isEqualTo(0.375);
  }

  @Test
  void logUniformAndGeomspaceAreOnALogScale() {
    BohbEncoding log = BohbEncoding.of(new Space(List.of(
        Spaces.always("lr", new Distribution.LogUniform(1e-4, 1)),
        Spaces.always("w", new Distribution.Geomspace(1, 1000, 4))), Map.of()));
    assertThat((Double) log.decode(new double[] {0.5, 0.5}).get("lr")).isCloseTo(1e-2, within(1e-15));
    assertThat(log.encode(Map.of("lr", 1e-3, "w", 100))).containsExactly(new double[] {0.25, 0.625}, within(1e-12));
    assertThat(log.decode(new double[] {1.0, 0.74})).containsEntry("lr", Math.nextDown(1.0)).containsEntry("w", 100.0);
  }

  @Test
  void unboundedDistributionsAreEncodedByTheirCdf() {
    BohbEncoding e = BohbEncoding.of(new Space(List.of(
        Spaces.always("n", new Distribution.Normal(1, 2)), Spaces.always("e", new Distribution.Exponential(3))), Map.of()));
    assertThat(e.encode(Map.of("n", 1.0, "e", 3 * Math.log(2)))).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    Map<String, Object> ends = e.decode(new double[] {1.0, 1.0});
    assertThat((Double) ends.get("n")).isFinite();
    assertThat((Double) ends.get("e")).isFinite();
    assertThat(e.decode(new double[] {0.0, 0.0}).get("e")).isEqualTo(0.0);
  }

  @Test
  void aValueTheSpaceCannotTakeIsRefusedByName() {
    Map<String, Object> p = new LinkedHashMap<>(draw("adam", 2L));
    p.put("lr", 5);
    assertThatThrownBy(() -> encoding.encode(p)).hasMessage("parameter lr: 5 is not a value its loguniform distribution can take");
    p.put("lr", 1e-3);
    p.put("optimizer", "lbfgs");
    assertThatThrownBy(() -> encoding.encode(p)).hasMessage("parameter optimizer: lbfgs is not a value its choice distribution can take");
    p.put("optimizer", "adam");
    p.put("constant", 8L);
    assertThatThrownBy(() -> encoding.encode(p)).hasMessage("parameter constant: 8 is not the only value 7 its choice can take");
    p.remove("constant");
    assertThatThrownBy(() -> encoding.encode(p)).hasMessageStartingWith("parameter constant is missing from the configuration");
  }

  @Test
  void extraKeysAndParametersNotInForceAreLeftOut() {
    Map<String, Object> p = new LinkedHashMap<>(draw("adam", 2L));
    p.put("momentum", 0.3);
    p.put("epochs", 10L);
    p.put("seed", 12345L);
    assertThat(encoding.canonical(p)).doesNotContainKeys("momentum", "epochs", "seed", "decay");
  }
}
