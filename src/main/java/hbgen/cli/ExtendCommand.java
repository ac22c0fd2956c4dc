package hbgen.cli;

import hbgen.model.Batches;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.plan.Plan;
import hbgen.render.Utf8Text;
import hbgen.run.RunLock;
import hbgen.search.Layout;
import hbgen.search.Manifest;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchDir;
import hbgen.search.SearchSpec;
import hbgen.search.SearchWriter;
import hbgen.search.YamlMap;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code hbgen extend DIR --iterations K}: appends K iterations of Hyperband's outer loop to a
 * search written by {@code generate}, finished or not. The search becomes the one {@code generate
 * --iterations OLD+K} writes with the same recorded options: its recorded command is parsed again
 * with the new count, the new brackets' configurations are drawn as that command draws them, and
 * the existing trial files, results and logs stay as they are.
 */
@Command(name = "extend", mixinStandardHelpOptions = true,
    description = {"Append K Hyperband iterations to a search written by 'hbgen generate' (finished or stopped):",
        "the search becomes the one 'generate --iterations OLD+K' writes with the same seed and options,",
        "earlier trials keep their files and results, and either engine then runs only the new trials."},
    footer = {"", "Example:", "  hbgen extend my-search --iterations 2 && hbgen run my-search"})
public final class ExtendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Option(names = "--iterations", paramLabel = "K", required = true, description = "Iterations to add (>= 1).")
  int iterations;

  @Option(names = "--yes", description = "Add more than 100,000 configurations (without it, such an extension is refused with its size).")
  boolean yes;

  @Override public Integer call() {
    if (iterations < 1) {
      throw new UsageError("--iterations must be >= 1 (the iterations to add), was " + iterations);
    }
    SearchDir search = SearchDir.open(dir);
    switch (search.strategy()) {
      case "random" -> throw new UsageError(dir + ": is a random search; extend adds Hyperband iterations"
          + " (add configurations to it with 'hbgen random N -o " + dir + "')");
      case "grid" -> throw new UsageError(dir + ": is a grid search, which holds its whole grid already;"
          + " extend adds Hyperband iterations (write a larger grid with 'hbgen grid ... -o NEW_DIR')");
      default -> { }
    }
    Path manifestFile = search.root().resolve(Manifest.FILE);
    RecordedSearch recorded = RecordedSearch.read(manifestFile, "generate");
    Plan before = search.plan();
    // The recorded command must still write this search: then the longer one writes its extension.
    GenerateCommand asRecorded = replay(recorded);
    if (!asRecorded.checkedPlan().equals(before)) {
      throw new UsageError(manifestFile + ": the recorded command '" + String.join(" ", recorded.command())
          + "' no longer plans this search's brackets; extend cannot reproduce it");
    }
    int total = before.iterations() + iterations;
    GenerateCommand longer = replay(recorded.withCommand(withIterations(recorded.command(), total)));
    Plan plan = longer.checkedPlan();
    GenerateCommand.checkSize(plan);
    SearchSpec extended = longer.spec(plan);
    SearchWriter writer = new SearchWriter(longer.options.templates(), Version.get());
    writer.checkTemplates();
    long configs = plan.sampledConfigs() - before.sampledConfigs();
    long trials = plan.trials() - before.trials();
    longer.options.confirmSize(writer, extended, configs, trials - configs);
    if (!extended.sampler().proposes()) {
      checkReproduced(search, writer.configTexts(extended));
    }

    Map<Integer, Long> existing = new LinkedHashMap<>();
    for (Bracket b : before.brackets()) {
      existing.put(b.index(), b.stages().get(0).configs());
    }
    YamlMap manifest = manifest(manifestFile);
    List<Map<String, Object>> earlier = new ArrayList<>();
    List<Integer> added = new ArrayList<>();
    if (manifest.find(Manifest.EXTENDED) != null) {
      for (YamlMap e : manifest.maps(Manifest.EXTENDED)) {
        long k = e.whole("iterations", 1, Integer.MAX_VALUE);
        earlier.add(Map.of("time", e.text("time"), "iterations", k));
        added.add((int) k);
      }
    }
    added.add(iterations);
    Map<String, Object> data = Manifest.extended(extended, Version.get(), manifest.text("created"), earlier,
        Map.of("time", SearchOptions.created(), "iterations", (long) iterations));
    long written;
    try (RunLock lock = RunLock.acquire(search.root())) {
      written = writer.append(extended, search.root(), existing, data, Batches.parts(plan, added));
      // The search is not finished any more: both engines write these again at its end.
      Layout layout = search.layout();
      delete(layout.best());
      delete(layout.bestConfig());
    }
    PrintWriter out = spec.commandLine().getOut();
    String fresh = extended.sampler().proposes()
        ? (configs + " new configurations, proposed in batches of " + extended.sampler().batch()
            + " from every earlier result as the search runs")
        : written + " new configurations";
    out.printf("Added %d iteration%s to %s: %d brackets, %d configurations (%d trials) in all; %s"
        + " (seed %d).%n", iterations, iterations == 1 ? "" : "s", dir, plan.brackets().size(), plan.sampledConfigs(),
        plan.trials(), fresh, extended.seed());
    out.printf("Run the new trials with: hbgen run %s   or   snakemake --snakefile %s/Snakefile -j 4%n", dir, dir);
    out.flush();
    return ExitCode.OK;
  }

  /** The recorded command parsed again, writing into DIR. */
  private GenerateCommand replay(RecordedSearch recorded) {
    CommandSpec parsed = FromManifest.parse(recorded, recorded.command());
    if (!(parsed.userObject() instanceof GenerateCommand generate)) {
      throw new UsageError(recorded.manifestPath() + ": the recorded command is not 'hbgen generate'");
    }
    generate.spec = parsed;
    generate.options.output = dir;
    generate.options.yes = yes;
    generate.options.recorded = recorded;
    return generate;
  }

  /** {@code command} with {@code --iterations total} in place of its own (or added). */
  static List<String> withIterations(List<String> command, int total) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String a = command.get(i);
      if (a.equals("--iterations")) {
        i++;
      } else if (!a.startsWith("--iterations=")) {
        out.add(a);
      }
    }
    out.add("--iterations");
    out.add(Integer.toString(total));
    return out;
  }

  /**
   * Refuses when a stage-0 configuration on disk is not what the recorded command draws now (edited
   * by hand, or written by a version that drew differently): the new brackets would not be the
   * ones {@code generate --iterations OLD+K} writes.
   */
  private static void checkReproduced(SearchDir search, Map<TrialId, String> texts) {
    for (Bracket b : search.plan().brackets()) {
      for (long k = 0; k < b.stages().get(0).configs(); k++) {
        Path file = search.layout().trialDir(new TrialId(b.index(), 0, k)).resolve(Layout.CONFIG);
        String now;
        try {
          now = Files.readString(file);
        } catch (IOException e) {
          throw new UsageError(file + ": cannot read: " + e.getMessage() + "; extend cannot check the search");
        }
        if (!now.equals(texts.get(new TrialId(b.index(), 0, k)))) {
          throw new UsageError(file + ": differs from what the search's recorded command draws;"
              + " extend would not reproduce 'generate --iterations' (write a new search instead)");
        }
      }
    }
  }

  private static YamlMap manifest(Path file) {
    try {
      return YamlMap.parse(file.toString(), Utf8Text.read(file));
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + e.getMessage());
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot remove: " + e.getMessage(), e);
    }
  }
}
