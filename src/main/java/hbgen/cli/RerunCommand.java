package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.run.Rerun;
import hbgen.run.RunLock;
import hbgen.run.Survivors;
import hbgen.search.Layout;
import hbgen.search.ProcessProbe;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.search.TrialFiles;
import hbgen.trial.TrialState;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen rerun DIR TRIAL... | --failed}: makes both engines run chosen trials, and what depends on them, again. */
@Command(name = "rerun", mixinStandardHelpOptions = true,
    description = {"Make trials run again: removes their results and everything that depends on them (the later",
        "stages of their bracket, with their promotions, and best.yaml), so that 'hbgen run DIR' and",
        "'snakemake --snakefile DIR/Snakefile' both rerun exactly that. Works on a finished search or an",
        "unfinished one; refused while hbgen run or Snakemake works on it."},
    footer = {"", "Examples:", "  hbgen rerun my-search --failed",
        "  hbgen rerun my-search bracket-0/stage-0/config-3 my-search/bracket-1/stage-0/config-0"})
public final class RerunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Parameters(index = "1..*", paramLabel = "TRIAL",
      description = "A trial: bracket-I/stage-J/config-K, or the path of its directory.")
  List<String> trials = new ArrayList<>();

  @Option(names = "--failed", description = "Every failed and interrupted trial.")
  boolean failed;

  @Override public Integer call() {
    if (trials.isEmpty() && !failed) {
      throw new UsageError("name the trials to rerun (bracket-I/stage-J/config-K or their directories), or pass --failed");
    }
    SearchDir search = SearchDir.open(dir);
    SortedSet<TrialId> chosen = new TreeSet<>();
    for (String t : trials) {
      chosen.add(trial(search, t));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (RunLock lock = RunLock.acquire(search.root())) {
      // A launcher left running by a killed engine still owns its trial: --failed leaves such a
      // trial out (it is not interrupted), and a rerun that would touch one is refused.
      if (failed) {
        failedOrInterrupted(search).stream().filter(id -> running(search, id).isEmpty()).forEach(chosen::add);
      }
      if (chosen.isEmpty()) {
        out.printf("Nothing to rerun: no trial of %s failed or was interrupted.%n", dir);
        out.flush();
        return 0;
      }
      Rerun rerun = Rerun.of(search.plan(), chosen);
      for (TrialId id : java.util.stream.Stream.concat(rerun.chosen().stream(), rerun.dependents().stream()).toList()) {
        running(search, id).ifPresent(pid -> {
          throw new RuntimeFailure(search.dir(id) + ": its launcher (run.sh, pid " + pid
              + ") is still running; wait for it to end or stop it, then run hbgen rerun again; nothing was changed");
        });
      }
      long later = rerun.dependents().stream().filter(t -> TrialFiles.finished(search.layout(), t)).count();
      int removed = rerun.apply(search);
      out.printf("Made %d trial%s run again%s (%d files removed): %s%n", chosen.size(), chosen.size() == 1 ? "" : "s",
          later == 0 ? "" : ", and " + later + " finished trial" + (later == 1 ? "" : "s") + " of later stages that depend on "
              + (chosen.size() == 1 ? "it" : "them"),
          removed, String.join(" ", chosen.stream().limit(10).map(TrialId::path).toList())
              + (chosen.size() > 10 ? " ..." : ""));
      String root = dir.toString();
      out.printf("Run the search again: hbgen run %s   (or: snakemake --snakefile %s -j 4)%n", root,
          dir.resolve("Snakefile"));
      out.flush();
    }
    return 0;
  }

  /** A trial named on the command line: its id, or the path of its directory (from here or from DIR). */
  static TrialId trial(SearchDir search, String arg) {
    TrialId id = nameOrPath(search.root(), arg);
    Bracket b = search.plan().brackets().stream().filter(x -> x.index() == id.bracket()).findFirst().orElse(null);
    if (b == null || id.stage() >= b.stages().size() || id.config() >= b.stages().get(id.stage()).configs()) {
      throw new UsageError("TRIAL '" + arg + "': " + search.root() + " has no trial " + id.path());
    }
    return id;
  }

  /** A trial's name ({@code bracket-I/stage-J/config-K}) or the path of its directory. */
  private static TrialId nameOrPath(Path root, String arg) {
    try {
      return Layout.parseTrial(arg);
    } catch (IllegalArgumentException notAName) {
      return fromPath(root, arg);
    }
  }

  private static TrialId fromPath(Path root, String arg) {
    try {
      Path p = Path.of(arg).toAbsolutePath().normalize();
      Path r = root.toAbsolutePath().normalize();
      if (Files.exists(p) && Files.exists(r)) {
        p = p.toRealPath();
        r = r.toRealPath();
      }
      if (p.startsWith(r)) {
        return Layout.parseTrial(r.relativize(p).toString());
      }
    } catch (IllegalArgumentException | IOException e) {
      // reported below
    }
    throw new UsageError("TRIAL '" + arg + "': expected bracket-I/stage-J/config-K or the directory of a trial of " + root);
  }

  /** The pid of a launcher still running the trial (left by a killed engine), if any. */
  private static java.util.Optional<Long> running(SearchDir search, TrialId id) {
    java.util.OptionalLong pid = Survivors.pid(search.root().toAbsolutePath(), search.dir(id), id.path());
    return pid.isPresent() ? java.util.Optional.of(pid.getAsLong()) : java.util.Optional.empty();
  }

  /**
   * The trials {@code status --failed} lists, by the same rule: failed, and interrupted (started,
   * no result, launcher gone).
   */
  static List<TrialId> failedOrInterrupted(SearchDir search) {
    List<TrialId> out = new ArrayList<>();
    for (SearchView.Trial t : SearchView.read(search, ProcessProbe.system(), false).trials()) {
      TrialState state = t.snapshot().state();
      if (state == TrialState.FAILED || state == TrialState.INTERRUPTED) {
        out.add(t.id());
      }
    }
    return out;
  }
}
