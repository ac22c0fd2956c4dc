package hbgen.model;

import hbgen.plan.Bracket;
import hbgen.plan.Hyperband;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.SpaceFile;
import hbgen.space.Seeds;
import hbgen.space.Space;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import hbgen.trial.Promotion;
import hbgen.trial.TrialId;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The quality benchmark's {@code --sampler bohb} searches replayed in one process
 * (bench/quality/replay.sh), to compare model settings on many seeds in minutes instead of hours.
 *
 * <p>A replay is {@code generate 4 3 --iterations 3 --sampler bohb --batch B --random-seed SEED}
 * run to the end: the same plan, the same batch rule ({@link Batches}), the same generator per
 * batch, the same promotion rule and incumbent (best at the largest budget), and the trainer's
 * values from the same problem code (bench/quality/evaluate.py), so with hbgen's settings it
 * proposes what a real search proposes, and reports the same best. What it leaves out is
 * everything around the model: files, processes, engines.
 *
 * <p>Usage: {@code QualityReplay EVALUATOR PROBLEMS_DIR PROBLEMS FIRST_SEED SEEDS BATCH THREADS
 * SETTINGS}, where SETTINGS is {@code hbgen}, {@code hpbandster} or {@code random} (every proposal
 * from the prior: random Hyperband in distribution), optionally followed by {@code ,key=value}
 * overrides of min_points, top_n_percent, num_samples, random_fraction, bandwidth_factor and
 * prior_weight. Prints one line per problem: its name and the regrets of seeds FIRST_SEED + 1 to
 * FIRST_SEED + SEEDS, tab-separated.
 */
public final class QualityReplay {
  private static final int S_MAX = 4;
  private static final int ETA = 3;
  private static final int ITERATIONS = 3;

  private final String problem;
  private final long seed;
  private final Plan plan;
  /** The largest budget, R: the trainer's fidelity scale and where the incumbent is taken. */
  private final double top;
  private final Batches batches;
  private final BohbSampler sampler;
  private final Evaluator evaluator;
  private final Map<TrialId, Double> values = new HashMap<>();
  /** The stage-0 trial whose configuration a trial trains. */
  private final Map<TrialId, TrialId> origins = new HashMap<>();
  private final Map<TrialId, Map<String, Object>> configs = new HashMap<>();
  private final Map<String, List<TrialId>> promotions = new HashMap<>();
  private int proposedBatches;

  private QualityReplay(String problem, long seed, int batch, Space space, BohbSettings settings, Evaluator evaluator) {
    this.problem = problem;
    this.seed = seed;
    this.evaluator = evaluator;
    plan = Hyperband.plan(S_MAX, ETA, 0, Set.of(), -1, ITERATIONS);
    top = plan.brackets().stream().flatMap(b -> b.stages().stream()).mapToDouble(Stage::budget).max().orElseThrow();
    batches = new Batches(plan, batch, Batches.parts(plan, List.of()));
    sampler = new BohbSampler(space, settings);
  }

  /** One evaluation server process, used by one thread. */
  private static final class Evaluator {
    private final BufferedWriter in;
    private final BufferedReader out;

    Evaluator(Path script) {
      try {
        Process p = new ProcessBuilder("/usr/bin/python3", "-S", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        in = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
        out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    double ask(String... fields) {
      try {
        in.write(String.join("\t", fields));
        in.write('\n');
        in.flush();
        String line = out.readLine();
        if (line == null) {
          throw new IllegalStateException("the evaluation server stopped");
        }
        return Double.parseDouble(line);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private double budget(TrialId t) {
    return plan.bracket(t.bracket()).stages().get(t.stage()).budget();
  }

  /** Proposes every batch up to {@code batch}, in order, as the rule lets them see results. */
  private void propose(Batches.Batch batch) {
    while (proposedBatches <= batch.global()) {
      Batches.Batch b = batches.all().get(proposedBatches);
      List<Observation> observations = new ArrayList<>();
      for (TrialId t : batches.seen(b)) {
        double v = value(t);
        if (origins.containsKey(t)) { // a slot promotion left empty is skipped, not observed
          observations.add(new Observation(configs.get(origins.get(t)), budget(t), v));
        }
      }
      List<Map<String, Object>> earlier = new ArrayList<>();
      for (TrialId t : batches.proposedBefore(b)) {
        earlier.add(configs.get(t));
      }
      List<Map<String, Object>> out = sampler.propose(observations, earlier, Direction.MINIMIZE, b.count(),
          new Seeds(seed).generator(b.bracket(), -(b.index() + 1L)));
      List<TrialId> trials = b.trials();
      for (int k = 0; k < trials.size(); k++) {
        configs.put(trials.get(k), out.get(k));
        origins.put(trials.get(k), trials.get(k));
      }
      proposedBatches++;
    }
  }

  /** The value a trial reports, training it (and whatever it depends on) first; NaN for an empty slot. */
  private double value(TrialId t) {
    Double known = values.get(t);
    if (known != null) {
      return known;
    }
    if (t.stage() == 0) {
      propose(batches.batchOf(t));
    } else {
      List<TrialId> promoted = promoted(t.bracket(), t.stage());
      if (t.config() >= promoted.size()) {
        values.put(t, Double.NaN);
        return Double.NaN;
      }
      origins.put(t, origins.get(promoted.get((int) t.config())));
    }
    TrialId origin = origins.get(t);
    double v = evaluator.ask("observe", problem, Long.toString(Math.round(top)),
        Json.inline(new LinkedHashMap<>(configs.get(origin))), Double.toString(budget(t)),
        Long.toString(new Seeds(seed).configSeed(origin.bracket(), origin.config())));
    values.put(t, v);
    return v;
  }

  /** The trials promoted into stage {@code stage} of a bracket, in slot order. */
  private List<TrialId> promoted(int bracket, int stage) {
    String key = bracket + "/" + stage;
    List<TrialId> known = promotions.get(key);
    if (known != null) {
      return known;
    }
    Stage previous = plan.bracket(bracket).stages().get(stage - 1);
    List<Outcome> outcomes = new ArrayList<>();
    for (long c = 0; c < previous.configs(); c++) {
      TrialId p = new TrialId(bracket, stage - 1, c);
      outcomes.add(new Outcome(p, previous.budget(), value(p), null));
    }
    long slots = plan.bracket(bracket).stages().get(stage).configs();
    List<TrialId> out = new ArrayList<>();
    for (Outcome o : Promotion.of(outcomes, slots, Direction.MINIMIZE).promoted()) {
      out.add(o.id());
    }
    promotions.put(key, out);
    return out;
  }

  /** Runs the whole search and returns the regret of its best trial at the largest budget. */
  private double regret() {
    TrialId best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (Bracket b : plan.brackets()) {
      for (Stage s : b.stages()) {
        for (long c = 0; c < s.configs(); c++) {
          TrialId t = new TrialId(b.index(), s.index(), c);
          double v = value(t);
          if (s.budget() == top && v < bestValue) {
            bestValue = v;
            best = t;
          }
        }
      }
    }
    return evaluator.ask("regret", problem, Json.inline(new LinkedHashMap<>(configs.get(origins.get(best)))));
  }

  /** Settings by name, with {@code key=value} overrides. */
  static BohbSettings settings(String text) {
    String[] parts = text.split(",");
    BohbSettings s = switch (parts[0]) {
      case "hbgen" -> BohbSettings.defaults();
      case "hpbandster" -> BohbSettings.hpbandster();
      case "random" -> new BohbSettings(0, 15, 64, 1, 3, 1e-3, 0);
      default -> throw new IllegalArgumentException("settings must start with hbgen, hpbandster or random, not " + parts[0]);
    };
    int minPoints = s.minPointsInModel();
    int topN = s.topNPercent();
    int samples = s.numSamples();
    double random = s.randomFraction();
    double factor = s.bandwidthFactor();
    double prior = s.priorWeight();
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("expected key=value, got " + parts[i]);
      }
      switch (kv[0]) {
        case "min_points" -> minPoints = Integer.parseInt(kv[1]);
        case "top_n_percent" -> topN = Integer.parseInt(kv[1]);
        case "num_samples" -> samples = Integer.parseInt(kv[1]);
        case "random_fraction" -> random = Double.parseDouble(kv[1]);
        case "bandwidth_factor" -> factor = Double.parseDouble(kv[1]);
        case "prior_weight" -> prior = Double.parseDouble(kv[1]);
        default -> throw new IllegalArgumentException("unknown setting " + kv[0]);
      }
    }
    return new BohbSettings(minPoints, topN, samples, random, factor, s.minBandwidth(), prior);
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      System.err.println("usage: QualityReplay EVALUATOR PROBLEMS_DIR PROBLEMS FIRST_SEED SEEDS BATCH THREADS SETTINGS");
      System.exit(2);
    }
    Path evaluatorScript = Path.of(args[0]);
    Path problemsDir = Path.of(args[1]);
    List<String> problems = List.of(args[2].split(","));
    long first = Long.parseLong(args[3]);
    int seeds = Integer.parseInt(args[4]);
    int batch = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    BohbSettings settings = settings(args[7]);
    ThreadLocal<Evaluator> evaluators = ThreadLocal.withInitial(() -> new Evaluator(evaluatorScript));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Map<String, List<Future<Double>>> runs = new LinkedHashMap<>();
    for (String problem : problems) {
      Path file = problemsDir.resolve(problem + ".yaml");
      Space space = SpaceFile.parse(file.toString(), Files.readString(file)).space();
      List<Future<Double>> futures = new ArrayList<>();
      for (long s = first + 1; s <= first + seeds; s++) {
        long seed = s;
        futures.add(pool.submit(() -> new QualityReplay(problem, seed, batch, space, settings, evaluators.get()).regret()));
      }
      runs.put(problem, futures);
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, List<Future<Double>>> e : runs.entrySet()) {
      double[] regrets = new double[e.getValue().size()];
      for (int i = 0; i < regrets.length; i++) {
        regrets[i] = e.getValue().get(i).get();
      }
      out.append(e.getKey());
      Arrays.stream(regrets).forEach(v -> out.append('\t').append(v));
      out.append('\n');
    }
    System.out.print(out);
    System.exit(0); // the evaluation servers end with their input
  }
}
