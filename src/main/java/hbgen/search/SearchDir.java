package hbgen.search;

import hbgen.model.Batches;
import hbgen.model.SamplerChoice;
import java.util.ArrayList;
import java.util.List;

import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.plan.Stage;
import hbgen.render.Utf8Text;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A search on disk, opened through its manifest: the plan, the objective and its direction, and
 * the paths of its trials. Readers (status, run, results) start here.
 *
 * @param root the search root
 * @param manifest the manifest's data
 * @param plan the plan the search was written with
 * @param objective the metric optimized (empty: the bare number or the only metric)
 * @param direction minimize or maximize
 */
public record SearchDir(Path root, Map<String, Object> manifest, Plan plan, String objective, Direction direction) {
  /** Most trials a search may plan: what hbgen writes (2,000,000 stage-0 configurations, halved per stage) and some. */
  static final long MAX_TRIALS = 4_000_000;

  /** Opens {@code root}, or fails with a message saying why it is not a search. */
  public static SearchDir open(Path root) {
    if (root.toString().isBlank()) {
      throw new UsageError("the search directory must be a path, was '" + root + "'");
    }
    if (Files.isRegularFile(root)) {
      throw new UsageError(root + ": is a file, expected a search directory");
    }
    if (!Files.isDirectory(root)) {
      throw new UsageError(root + ": no such search directory");
    }
    Path file = root.resolve(Manifest.FILE);
    if (Files.isDirectory(file)) {
      throw new UsageError(file + ": is a directory, expected the search's manifest file");
    }
    if (!Files.isRegularFile(file)) {
      if (Files.isSymbolicLink(file)) {
        throw new UsageError(file + ": is a symbolic link to nothing, expected the search's manifest file");
      }
      throw new UsageError(root + ": not an hbgen search (no " + Manifest.FILE + "; create one with 'hbgen generate ... -o DIR')");
    }
    String text;
    try {
      text = Utf8Text.read(file);
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + AtomicFiles.describe(e));
    }
    String where = file.toString();
    Node node = YamlFiles.compose(where, text);
    YamlMap top = YamlMap.top(where, node);
    try {
      Plan plan = planOf(top.map("plan"));
      String objective = top.text("objective", "");
      Direction direction;
      try {
        direction = Direction.of(top.text("direction"));
      } catch (IllegalArgumentException e) {
        throw new UsageError(YamlFiles.at(where, top.find("direction").getStartMark())
            + "direction must be minimize or maximize, was '" + top.text("direction") + "'");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) new YamlFiles.Values(where).value(node);
      return new SearchDir(root, m, plan, objective, direction);
    } catch (UsageError e) {
      throw newerWriter(top).map(by -> new UsageError(e.getMessage() + " (the search was written by hbgen " + by
          + ", newer than this hbgen " + HbgenVersion.current() + ": use hbgen " + by + " or later)", e)).orElse(e);
    }
  }

  /** The version that wrote the manifest, when it is newer than this hbgen (its format may have changed). */
  private static java.util.Optional<String> newerWriter(YamlMap top) {
    if (top.find("hbgen_version") instanceof org.yaml.snakeyaml.nodes.ScalarNode s
        && HbgenVersion.newer(s.getValue(), HbgenVersion.current())) {
      return java.util.Optional.of(s.getValue());
    }
    return java.util.Optional.empty();
  }

  private static Plan planOf(YamlMap p) {
    List<Bracket> brackets = new ArrayList<>();
    java.util.Set<Integer> indices = new java.util.HashSet<>();
    long trials = 0;
    int sMax = (int) p.whole("s_max", 0, 62);
    for (YamlMap b : p.maps("brackets")) {
      List<Stage> stages = new ArrayList<>();
      for (YamlMap s : b.maps("stages")) {
        long configs = s.whole("configs", 1, MAX_TRIALS);
        trials += configs;
        if (trials > MAX_TRIALS) {
          throw new UsageError(s.at() + "the plan has more than " + MAX_TRIALS + " trials, more than hbgen writes");
        }
        try {
          stages.add(new Stage((int) s.whole("stage", 0, 62), configs, s.number("budget", 0), s.number("previous_budget", 0)));
        } catch (IllegalArgumentException e) {
          throw new UsageError(s.at() + s.field() + ": " + e.getMessage());
        }
      }
      int index = (int) b.whole("bracket", 0, Integer.MAX_VALUE);
      if (!indices.add(index)) {
        throw new UsageError(b.at() + b.field() + ": bracket " + index + " appears twice");
      }
      try {
        brackets.add(new Bracket(index, (int) b.whole("s", 0, 62), stages));
      } catch (IllegalArgumentException e) {
        throw new UsageError(b.at() + b.field() + ": " + e.getMessage());
      }
    }
    Plan plan;
    try {
      plan = new Plan(sMax, (int) p.whole("eta", 2, Integer.MAX_VALUE), p.number("guaranteed_budget", 0), brackets);
    } catch (IllegalArgumentException e) {
      throw new UsageError(p.at() + p.field() + ": " + e.getMessage());
    }
    // Readers take a bracket's iteration from its index; the recorded count must agree with them.
    if (p.find("iterations") != null && p.whole("iterations", 1, Integer.MAX_VALUE) != plan.iterations()) {
      throw new UsageError(p.at() + p.field() + ".iterations is " + p.whole("iterations", 1, Integer.MAX_VALUE)
          + ", but the brackets span " + plan.iterations() + " (bracket I is in iteration I / (s_max+1))");
    }
    return plan;
  }

  /**
   * The rule that names the search's best trial: the manifest's {@code incumbent}; a manifest
   * written before the field existed gets the current default, {@link Incumbent#TOP_BUDGET}.
   */
  public Incumbent incumbent() {
    Object v = manifest.get("incumbent");
    if (v == null) {
      return Incumbent.TOP_BUDGET;
    }
    try {
      return Incumbent.of(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw new UsageError(root.resolve(Manifest.FILE) + ": incumbent: " + e.getMessage());
    }
  }

  /** The search seed recorded in the manifest. */
  public long seed() {
    Object v = manifest.get("seed");
    if (!(v instanceof Number n)) {
      throw new UsageError(root.resolve(Manifest.FILE) + ": seed: expected a whole number, was " + v);
    }
    return n.longValue();
  }

  /** The search's space as its manifest records it ({@code space.text}), or a usage error naming the manifest. */
  public SpaceFile space() {
    Path file = root.resolve(Manifest.FILE);
    if (!(manifest.get("space") instanceof Map<?, ?> m) || !(m.get("text") instanceof String text)) {
      throw new UsageError(file + ": space.text is missing");
    }
    return SpaceFile.parse(file + " (space.text)", text);
  }

  /** What every configuration file of the search shares besides its values (seed, folds, repetitions, fixed values). */
  public SearchWriter.ConfigBasis configBasis() {
    long folds = 1;
    long repetitions = 1;
    if (manifest.get("cost") instanceof Map<?, ?> m) {
      folds = m.get("folds") instanceof Number n ? n.longValue() : 1;
      repetitions = m.get("repetitions") instanceof Number n ? n.longValue() : 1;
    }
    return new SearchWriter.ConfigBasis(seed(), folds, repetitions, space().space().fixed());
  }

  /** How the search chooses its stage-0 configurations: the manifest's {@code sampler}, else random draws. */
  public SamplerChoice sampler() {
    Object v = manifest.get(Manifest.SAMPLER);
    if (v == null) {
      return SamplerChoice.random();
    }
    String where = root.resolve(Manifest.FILE) + ": " + Manifest.SAMPLER;
    if (!(v instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || !(m.get("batch") instanceof Integer batch)) {
      throw new UsageError(where + ": expected {name: bohb, batch: B}, was " + v);
    }
    try {
      SamplerChoice.Kind kind = SamplerChoice.Kind.of(name);
      return kind == SamplerChoice.Kind.RANDOM ? SamplerChoice.random() : new SamplerChoice(kind, batch);
    } catch (IllegalArgumentException e) {
      throw new UsageError(where + ": " + e.getMessage());
    }
  }

  /**
   * The proposal batches of a search whose configurations a model proposes, or null: each
   * extension ({@code extended} in the manifest) starts a new part at its first iteration.
   */
  public Batches batches() {
    SamplerChoice sampler = sampler();
    if (!sampler.proposes()) {
      return null;
    }
    List<Integer> added = new ArrayList<>();
    if (manifest.get(Manifest.EXTENDED) instanceof List<?> list) {
      for (Object e : list) {
        if (e instanceof Map<?, ?> m && m.get("iterations") instanceof Integer k) {
          added.add(k);
        }
      }
    }
    return new Batches(plan, sampler.batch(), Batches.parts(plan, added));
  }

  /** The strategy that wrote the search: hyperband, random or grid. */
  public String strategy() {
    return String.valueOf(manifest.getOrDefault("strategy", "hyperband"));
  }

  /** Where the files of this search are. */
  public Layout layout() {
    return new Layout(root);
  }

  /** A trial's directory. */
  public Path dir(TrialId id) {
    return layout().trialDir(id);
  }

  /** Every trial slot of the plan, in bracket, stage, config order. */
  public List<TrialId> trials() {
    List<TrialId> out = new ArrayList<>();
    for (Bracket b : plan.brackets()) {
      for (Stage s : b.stages()) {
        for (long c = 0; c < s.configs(); c++) {
          out.add(new TrialId(b.index(), s.index(), c));
        }
      }
    }
    return out;
  }

  /** The stage a trial belongs to. */
  public Stage stage(TrialId id) {
    return plan.bracket(id.bracket()).stages().get(id.stage());
  }
}
