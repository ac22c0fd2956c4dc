package hbgen.search;

import hbgen.model.Batches;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.render.TemplateEngine;
import hbgen.space.Draws;
import hbgen.space.Seeds;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes a search directory (SPEC section 3) all at once: everything goes into a hidden sibling
 * directory first, which is renamed into place only when complete, so a failure or a kill leaves
 * either nothing or the whole search.
 */
public final class SearchWriter {
  /** Templates rendered once per search, with the file each one becomes. */
  static final List<Map.Entry<String, String>> SEARCH_FILES = List.of(
      Map.entry("Snakefile.ftl", "Snakefile"),
      Map.entry("run.sh.ftl", "run.sh"),
      Map.entry("hbgen_workflow.py.ftl", "hbgen_workflow.py"),
      Map.entry("profile-config.yaml.ftl", "profile/config.yaml"),
      Map.entry("profile-status.py.ftl", "profile/status.py"),
      Map.entry("profile-v8-slurm.yaml.ftl", "profile/config.v8+.yaml"),
      Map.entry("profile-v8-generic.yaml.ftl", "profile-cluster-generic/config.v8+.yaml"),
      Map.entry("envs-trial.yaml.ftl", "envs/trial.yaml"));

  /** Header line of the ledger; run.sh appends lines in this column order. */
  public static final String LEDGER_HEADER =
      "time\ttrial\tstate\tobjective\tbudget\tduration_s\tattempts\tmetrics\treason\thost\tslurm_job_id\n";

  private final TemplateEngine templates;
  private final String version;
  private final boolean builtInConfig;

  public SearchWriter(TemplateEngine templates, String version) {
    this.templates = templates;
    this.version = version;
    this.builtInConfig = templates.source("config.ftl").equals(TemplateEngine.builtInSource("config.ftl"));
  }

  /**
   * One configuration file. The built-in config.ftl is {@code ${json(config)}}: for it the JSON
   * is written directly, which saves a FreeMarker environment per configuration on searches of
   * 100,000 configurations (ConfigRenderingTest checks that both paths give the same bytes).
   */
  String renderConfig(Map<String, Object> model) {
    if (builtInConfig) {
      return Json.pretty(model.get("config")) + "\n";
    }
    return templates.render("config.ftl", model);
  }

  /**
   * What every configuration file of a search shares besides its drawn values.
   *
   * @param seed the search seed
   * @param folds cross-validation folds
   * @param repetitions repetitions
   * @param fixed the space's fixed values
   */
  public record ConfigBasis(long seed, long folds, long repetitions, Map<String, Object> fixed) {
    public ConfigBasis {
      fixed = new TreeMap<>(fixed);
    }

    /** The basis of a search to be written. */
    public static ConfigBasis of(SearchSpec spec) {
      return new ConfigBasis(spec.seed(), spec.cost().folds(), spec.cost().repetitions(), spec.space().space().fixed());
    }
  }

  /** The file of configuration {@code k} of a bracket; the same bytes as {@link #renderConfig}. */
  String configText(SearchSpec spec, Seeds seeds, int bracket, long k, Map<String, Object> params) {
    return configText(ConfigBasis.of(spec), bracket, k, params);
  }

  /** The file of configuration {@code k} of a bracket with these drawn (or proposed) values. */
  public String configText(ConfigBasis basis, int bracket, long k, Map<String, Object> params) {
    Seeds seeds = new Seeds(basis.seed());
    if (builtInConfig) {
      return Json.pretty(configTree(basis, seeds.configSeed(bracket, k), params)) + "\n";
    }
    return renderConfig(configModel(basis, seeds, bracket, k, params));
  }

  /**
   * The bytes of one configuration file of the search (the first), to estimate the size of all of
   * them before writing any: the others differ only in their drawn values.
   */
  public long oneConfigBytes(SearchSpec spec) {
    Seeds seeds = new Seeds(spec.seed());
    int bracket = spec.plan().brackets().get(0).index();
    Map<String, Object> params;
    if (!spec.grid().isEmpty()) {
      params = spec.grid().get(0);
    } else {
      try {
        params = new Draws(spec.space().space(), seeds, true).draw(bracket, 0);
      } catch (IllegalArgumentException e) {
        throw new UsageError(spec.spacePath() + ": " + e.getMessage());
      }
    }
    return configText(spec, seeds, bracket, 0, params).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Parses every template the search uses, so that errors surface before anything is written. */
  public void checkTemplates() {
    SEARCH_FILES.forEach(f -> templates.check(f.getKey()));
    templates.check("config.ftl");
  }

  /** Refuses a target that exists and is not an empty directory, unless overwriting. */
  public static void checkTarget(Path target, boolean overwrite) {
    if (!Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
        throw new UsageError(target + ": the parent " + parent + " is not a directory");
      }
      return;
    }
    if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      throw new UsageError(target + ": exists and is not a directory");
    }
    if (!overwrite && !isEmpty(target)) {
      throw new UsageError(target + ": output directory exists and is not empty (pass --overwrite to replace it)");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UsageError(dir + ": cannot read: " + AtomicFiles.describe(e));
    }
  }

  /** Draws the stage-0 configurations of every bracket, in bracket order. */
  public static Map<Integer, List<Map<String, Object>>> draw(SearchSpec spec) {
    if (!spec.grid().isEmpty()) {
      return Map.of(spec.plan().brackets().get(0).index(), spec.grid());
    }
    try {
      Draws.checkCapacity(spec.space().space(), spec.plan().sampledConfigs(), spec.allowDuplicates());
      if (spec.sampler().proposes()) {
        // Proposed batch by batch as the search runs (hbgen propose): nothing to draw now.
        Map<Integer, List<Map<String, Object>>> none = new LinkedHashMap<>();
        spec.plan().brackets().forEach(b -> none.put(b.index(), List.of()));
        return none;
      }
      Draws draws = new Draws(spec.space().space(), new Seeds(spec.seed()), spec.allowDuplicates());
      Map<Integer, List<Map<String, Object>>> out = new LinkedHashMap<>();
      for (Bracket b : spec.plan().brackets()) {
        out.put(b.index(), draws.drawAll(b.index(), b.stages().get(0).configs()));
      }
      return out;
    } catch (IllegalArgumentException e) {
      throw new UsageError(spec.spacePath() + ": " + e.getMessage());
    }
  }

  /**
   * Writes the search into {@code target}; returns the number of configurations written.
   *
   * @param created creation time for the manifest
   */
  public long write(SearchSpec spec, Path target, boolean overwrite, String created) {
    Path abs = target.toAbsolutePath().normalize();
    Path parent = abs.getParent();
    Leftovers leftovers = new Leftovers(parent, abs.getFileName().toString());
    leftovers.recover();
    checkTarget(target, overwrite);
    Map<Integer, List<Map<String, Object>>> configs = draw(spec);
    Path staging = parent.resolve(leftovers.name(Leftovers.STAGING));
    try {
      Files.createDirectories(parent);
      Files.createDirectory(staging);
      long written = writeInto(staging, spec, configs, created);
      install(staging, abs, parent.resolve(leftovers.name(Leftovers.OLD)));
      return written;
    } catch (IOException e) {
      throw new RuntimeFailure(target + ": cannot write the search: " + AtomicFiles.reason(e), e);
    } finally {
      AtomicFiles.deleteQuietly(staging);
    }
  }


  private long writeInto(Path dir, SearchSpec spec, Map<Integer, List<Map<String, Object>>> configs,
      String created) throws IOException {
    Map<String, Object> model = searchModel(spec);
    for (Map.Entry<String, String> f : SEARCH_FILES) {
      Path file = dir.resolve(f.getValue());
      Files.createDirectories(file.getParent());
      Files.writeString(file, templates.render(f.getKey(), model), StandardCharsets.UTF_8);
      if (f.getValue().endsWith(".sh") || f.getValue().endsWith(".py")) {
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Path copies = Files.createDirectory(dir.resolve("templates"));
    for (String name : TemplateEngine.BUILT_INS) {
      Files.writeString(copies.resolve(name), templates.source(name), StandardCharsets.UTF_8);
    }
    if (spec.bundledExample()) {
      ExampleTrainer.copyTo(dir.resolve(ExampleTrainer.DIR));
    }
    if (spec.snapshot() != null) {
      spec.snapshot().copyTo(dir.resolve(Snapshot.DIR));
    }
    Files.writeString(dir.resolve(Layout.LEDGER), LEDGER_HEADER, StandardCharsets.UTF_8);
    long count = writeConfigs(dir, spec, configs, 0);
    Files.writeString(dir.resolve(Manifest.FILE),
        Manifest.text(Manifest.of(spec, version, created)), StandardCharsets.UTF_8);
    return count;
  }

  /**
   * Extends a single-stage search in place with configurations {@code from} onwards: {@link
   * #append(SearchSpec, Path, Map, Map)} for bracket 0.
   */
  public long append(SearchSpec spec, Path target, long from, String created) {
    return append(spec, target, Map.of(0, from), Manifest.of(spec, version, created));
  }

  /**
   * Extends a search in place: the stage-0 configurations of bracket b from {@code from.get(b)}
   * onwards (all of a bracket missing from the map) are added, and {@code manifest} becomes the
   * manifest. Every new file is rendered first, so a template that fails on one of them writes
   * nothing; then each new configuration directory appears whole (renamed into place), and the
   * Snakefile, run.sh and the manifest are replaced whole. Existing configurations, results and
   * logs are not touched. If writing fails half way, the configurations already moved into place
   * are removed again: the manifest still plans the old search, and a later append redoes them.
   */
  public long append(SearchSpec spec, Path target, Map<Integer, Long> from, Map<String, Object> manifest) {
    return append(spec, target, from, manifest, List.of());
  }

  /**
   * {@link #append(SearchSpec, Path, Map, Map)} for a search whose configurations are proposed in
   * batches: {@code parts} are where its parts start (Batches), for the Snakefile's edges.
   */
  public long append(SearchSpec spec, Path target, Map<Integer, Long> from, Map<String, Object> manifest,
      List<Integer> parts) {
    Map<Integer, List<Map<String, Object>>> configs = draw(spec);
    Seeds seeds = new Seeds(spec.seed());
    Layout layout = new Layout(target);
    Map<TrialId, String> texts = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<Map<String, Object>>> e : configs.entrySet()) {
      int bracket = e.getKey();
      List<Map<String, Object>> list = e.getValue();
      for (long k = from.getOrDefault(bracket, 0L); k < list.size(); k++) {
        texts.put(new TrialId(bracket, 0, k), configText(spec, seeds, bracket, k, list.get((int) k)));
      }
    }
    Map<String, Object> model = searchModel(spec, parts);
    Map<Path, String> searchFiles = new LinkedHashMap<>();
    for (Map.Entry<String, String> f : SEARCH_FILES) {
      searchFiles.put(target.resolve(f.getValue()), templates.render(f.getKey(), model));
    }
    String manifestText = Manifest.text(manifest);
    List<Path> placed = new ArrayList<>();
    Path tmp = null;
    boolean done = false;
    try {
      for (Map.Entry<TrialId, String> t : texts.entrySet()) {
        TrialId id = t.getKey();
        Path stage = layout.stageDir(id.bracket(), 0);
        if (!Files.isDirectory(stage.getParent())) {
          Files.createDirectories(stage);
          placed.add(stage.getParent()); // a new bracket: removed whole if writing fails
        }
        Files.createDirectories(stage);
        Path trial = layout.trialDir(id);
        if (Files.exists(trial, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          AtomicFiles.deleteTree(trial); // left by an append that was killed before its manifest
        }
        tmp = stage.resolve("." + trial.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(tmp);
        Files.writeString(tmp.resolve("config"), t.getValue());
        Files.move(tmp, trial, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        tmp = null;
        placed.add(trial);
      }
      for (Map.Entry<Path, String> f : searchFiles.entrySet()) {
        AtomicFiles.write(f.getKey(), f.getValue());
      }
      AtomicFiles.write(target.resolve(Manifest.FILE), manifestText);
      done = true;
      return texts.size();
    } catch (IOException e) {
      throw new RuntimeFailure(target + ": cannot extend the search: " + AtomicFiles.describe(e), e);
    } finally {
      if (!done) {
        AtomicFiles.deleteQuietly(tmp);
        placed.forEach(AtomicFiles::deleteQuietly);
      }
    }
  }

  /** The text of every stage-0 configuration file of the search, by trial, as {@link #write} writes them. */
  public Map<TrialId, String> configTexts(SearchSpec spec) {
    Seeds seeds = new Seeds(spec.seed());
    Map<TrialId, String> out = new LinkedHashMap<>();
    draw(spec).forEach((bracket, list) -> {
      for (int k = 0; k < list.size(); k++) {
        out.put(new TrialId(bracket, 0, k), configText(spec, seeds, bracket, k, list.get(k)));
      }
    });
    return out;
  }

  private long writeConfigs(Path dir, SearchSpec spec, Map<Integer, List<Map<String, Object>>> configs, long from) throws IOException {
    Seeds seeds = new Seeds(spec.seed());
    java.util.concurrent.atomic.AtomicReference<IOException> failure = new java.util.concurrent.atomic.AtomicReference<>();
    long count = 0;
    for (Map.Entry<Integer, List<Map<String, Object>>> e : configs.entrySet()) {
      int bracket = e.getKey();
      List<Map<String, Object>> list = e.getValue();
      Files.createDirectories(new Layout(dir).stageDir(bracket, 0));
      // Rendering and writing are independent per configuration: spread them over the cores. The
      // first failure stops the others from starting more, and is thrown once all have stopped,
      // so that the caller's clean-up does not race writers that are still going.
      IntStream.range((int) from, list.size()).parallel().forEach(k -> {
        if (failure.get() != null) {
          return;
        }
        TrialId id = new TrialId(bracket, 0, k);
        String text = configText(spec, seeds, bracket, k, list.get(k));
        Path trial = new Layout(dir).trialDir(id);
        try {
          Files.createDirectory(trial);
          try (java.io.FileOutputStream f = new java.io.FileOutputStream(trial.resolve("config").toFile())) {
            f.write(text.getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException ex) {
          failure.compareAndSet(null, ex);
        }
      });
      if (failure.get() != null) {
        throw failure.get();
      }
      count += list.size() - from;
    }
    return count;
  }

  /** The model of one configuration file. */
  static Map<String, Object> configModel(SearchSpec spec, Seeds seeds, int bracket, long k, Map<String, Object> params) {
    return configModel(ConfigBasis.of(spec), seeds, bracket, k, params);
  }

  private static Map<String, Object> configModel(ConfigBasis basis, Seeds seeds, int bracket, long k,
      Map<String, Object> params) {
    long seed = seeds.configSeed(bracket, k);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", configTree(basis, seed, params));
    m.put("params", new TreeMap<>(params));
    m.put("fixed", new TreeMap<>(basis.fixed()));
    m.put("seed", seed);
    m.put("bracket", bracket);
    m.put("config_id", k);
    return m;
  }

  /** What a trainer reads: seed, folds, repetitions, the fixed values and the drawn ones, nested. */
  private static Map<String, Object> configTree(ConfigBasis basis, long seed, Map<String, Object> params) {
    Map<String, Object> flat = new LinkedHashMap<>();
    flat.put("seed", seed);
    flat.put("folds", basis.folds());
    flat.put("repetitions", basis.repetitions());
    flat.putAll(basis.fixed());
    flat.putAll(params);
    return ConfigTree.nest(flat);
  }

  /** The model of the Snakefile, run.sh and the workflow helpers. */
  Map<String, Object> searchModel(SearchSpec spec) {
    return searchModel(spec, List.of());
  }

  /** The model of the Snakefile, run.sh and the workflow helpers; {@code parts} as {@link Batches} takes them. */
  Map<String, Object> searchModel(SearchSpec spec, List<Integer> parts) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("hbgen", HbgenExecutable.current(System.getenv()).argv());
    m.put("objective", spec.objective());
    m.put("maximize", spec.direction() == hbgen.trial.Direction.MAXIMIZE);
    m.put("trainer", spec.trainer());
    m.put("trainer_dir", spec.trainerDir());
    m.put("retries", spec.retries());
    m.put("seed_base", new Seeds(spec.seed()).base());
    m.put("launcher", spec.launcher().kind());
    m.put("slurm_args", spec.launcher().arguments());
    m.put("lsf_args", spec.launcher().lsf().arguments());
    m.put("signal", spec.launcher().signalName());
    m.put("signal_seconds", spec.launcher().signalSeconds());
    m.put("requeue", spec.launcher().requeue());
    m.put("timeout", spec.launcher().timeoutSeconds());
    String fixedLimit = spec.launcher().perBudgetSeconds() > 0 ? null : spec.launcher().timeLimit(1);
    m.put("time_limit", fixedLimit == null ? "" : fixedLimit);
    List<Object> brackets = new ArrayList<>();
    List<Object> stages = new ArrayList<>();
    for (Bracket b : spec.plan().brackets()) {
      List<Object> bs = new ArrayList<>();
      for (Stage s : b.stages()) {
        bs.add(Map.of("configs", s.configs(), "budget", Json.budget(s.budget())));
        String limit = spec.launcher().stageLimit(s.budget());
        stages.add(Map.of("bracket", b.index(), "stage", s.index(),
            "budget", Json.budget(s.budget()), "previous", Json.budget(s.previousBudget()),
            "time_limit", limit == null ? "" : limit));
      }
      brackets.add(Map.of("index", b.index(), "stages", bs));
    }
    m.put("brackets", brackets);
    m.put("stages", stages);
    if (spec.sampler().proposes()) {
      // Written only for a model-based sampler, so that a search of random draws keeps its bytes.
      Batches batches = new Batches(spec.plan(), spec.sampler().batch(), parts);
      List<Object> proposals = new ArrayList<>();
      for (Batches.Batch batch : batches.all()) {
        Batches.Inputs in = batches.inputs(batch);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("bracket", batch.bracket());
        p.put("index", batch.index());
        p.put("first", batch.first());
        p.put("count", batch.count());
        p.put("previous", in.previous() == null ? List.of() : List.of(in.previous().bracket(), in.previous().index()));
        p.put("lagged", in.lagged() == null ? List.of() : List.of(in.lagged().bracket(), in.lagged().index()));
        p.put("brackets", in.brackets());
        proposals.add(p);
      }
      m.put("batch", spec.sampler().batch());
      m.put("proposals", proposals);
    }
    SlurmPluginResources plugin = SlurmPluginResources.of(spec.launcher(), stageSeconds(spec));
    m.put("slurm_location", plugin.location());
    m.put("slurm_resources", plugin.trial());
    m.put("slurm_refused", plugin.refused());
    return m;
  }

  /** The time limit of every stage in seconds, by "bracket-B/stage-S" in plan order (0: none). */
  private static Map<String, Long> stageSeconds(SearchSpec spec) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Bracket b : spec.plan().brackets()) {
      for (Stage s : b.stages()) {
        String limit = spec.launcher().timeLimit(s.budget());
        out.put(Layout.stagePath(b.index(), s.index()), limit == null ? 0 : Launcher.parseTime("time limit", limit));
      }
    }
    return out;
  }

  /**
   * Moves the complete search into place. An existing search is first renamed to {@code old} (a
   * name {@link Leftovers} recognizes), so a kill between the two renames leaves it there, and the
   * next generate for this target puts it back.
   */
  private static void install(Path staging, Path target, Path old) throws IOException {
    boolean replacing = Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (replacing) {
      Files.move(target, old);
    }
    try {
      AtomicFiles.move(staging, target);
    } catch (IOException e) {
      if (replacing) {
        Files.move(old, target);
      }
      throw e;
    }
    if (replacing) {
      AtomicFiles.deleteQuietly(old);
    }
  }

}
