package hbgen.model;

import hbgen.space.Case;
import hbgen.space.Distribution;
import hbgen.space.Parameter;
import hbgen.space.Sampler;
import hbgen.space.Space;
import hbgen.trial.Direction;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Timing harness for bench/propose.sh (issue 14, done-when 6): CPU time of proposing one batch from
 * 2,000 observations in a 10-dimensional space. Not a test; timings never belong in unit tests.
 *
 * <p>Usage: {@code ProposeBenchmark SHAPE ROUNDS [OBSERVATIONS [BATCH]]}. SHAPE {@code one-budget}
 * puts every observation at one budget (the largest model: 300 good and 1,700 bad points);
 * {@code hyperband} spreads them over budgets 1, 3, 9, 27, 81 as Hyperband's brackets do (the model
 * is the largest budget's). Prints one line per round: the CPU milliseconds of the call to
 * {@link BohbSampler#propose} (fitting the model included), the first round in a fresh JVM.
 */
public final class ProposeBenchmark {
  private ProposeBenchmark() {}

  /** Ten dimensions of every kind the encoding knows, one of them conditional. */
  static Space space() {
    return new Space(List.of(
        always("lr", new Distribution.LogUniform(1e-5, 1)),
        always("dropout", new Distribution.Uniform(0, 0.9)),
        always("weight_decay", new Distribution.LogUniform(1e-8, 1e-1)),
        always("optimizer", new Distribution.Choice(List.of("sgd", "adam", "rmsprop", "adagrad"))),
        new Parameter("momentum", List.of(new Case(new Distribution.Uniform(0, 0.99), Map.of("optimizer", List.of("sgd"))))),
        always("layers", new Distribution.IntRange(1, 12, 1)),
        always("width", new Distribution.Geomspace(16, 4096, 9)),
        always("batch", new Distribution.Range(16, 513, 16)),
        always("activation", new Distribution.Choice(List.of("relu", "gelu", "tanh"))),
        always("warmup", new Distribution.Uniform(0, 1))), Map.of("epochs", 100L));
  }

  private static Parameter always(String name, Distribution d) {
    return new Parameter(name, List.of(Case.always(d)));
  }

  /** A smooth objective of all ten parameters plus noise, so that good and bad sets differ. */
  static double objective(Map<String, Object> p, RandomGenerator noise) {
    double lr = Math.log10((Double) p.get("lr")) + 3;
    double v = lr * lr + (Double) p.get("dropout") + ((Long) p.get("layers") - 6) * ((Long) p.get("layers") - 6) / 10.0;
    v += p.get("optimizer").equals("adam") ? 0 : 0.5;
    v += Math.abs(Math.log((Double) p.get("width") / 512)) / 4 + (Double) p.get("warmup") / 2;
    return v + 0.1 * noise.nextGaussian();
  }

  static List<Observation> observations(Space space, String shape, int n, long seed) {
    RandomGenerator rng = new Well19937c(seed);
    double[] budgets = shape.equals("hyperband") ? new double[] {1, 3, 9, 27, 81} : new double[] {81};
    // Hyperband with eta = 3 trains about three times as many configurations at each smaller budget.
    double[] weights = shape.equals("hyperband") ? new double[] {81, 27, 9, 3, 1} : new double[] {1};
    double total = java.util.Arrays.stream(weights).sum();
    List<Observation> out = new ArrayList<>();
    for (int b = 0; b < budgets.length; b++) {
      long count = b == budgets.length - 1 ? n - out.size() : Math.round(n * weights[b] / total);
      for (long i = 0; i < count; i++) {
        Map<String, Object> p = Sampler.draw(space, rng);
        out.add(new Observation(p, budgets[b], rng.nextDouble() < 0.02 ? Double.NaN : objective(p, rng)));
      }
    }
    return out;
  }

  public static void main(String[] args) {
    String shape = args[0];
    int rounds = Integer.parseInt(args[1]);
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int batch = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    if (!shape.equals("one-budget") && !shape.equals("hyperband")) {
      throw new IllegalArgumentException("shape must be one-budget or hyperband, was " + shape);
    }
    Space space = space();
    List<Observation> obs = observations(space, shape, n, 1);
    BohbSampler sampler = new BohbSampler(space, BohbSettings.defaults());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < rounds; r++) {
      long t0 = cpu.getCurrentThreadCpuTime();
      List<Map<String, Object>> proposals = sampler.propose(obs, List.of(), Direction.MINIMIZE, batch, new Well19937c(1000 + r));
      long t1 = cpu.getCurrentThreadCpuTime();
      if (proposals.size() != batch) {
        throw new IllegalStateException("expected " + batch + " proposals, got " + proposals.size());
      }
      java.util.OptionalDouble budget = sampler.modelBudget(obs, Direction.MINIMIZE, new Well19937c(1));
      System.out.printf(java.util.Locale.ROOT, "round %d cpu_ms %.3f model_budget %s%n", r, (t1 - t0) / 1e6,
          budget.isPresent() ? String.valueOf(budget.getAsDouble()) : "none");
    }
  }
}
