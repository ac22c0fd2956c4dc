package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.run.RunSettings;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hbgen demo [DIR]}: writes the bundled example search and runs it with the embedded engine. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Write the bundled example search (Hyperband 2 3 on the iris data, maximizing accuracy), run it"
        + " with the built-in engine and print the best configuration. Needs only Java and python3.")
public final class DemoCommand implements Callable<Integer> {
  /** The arguments of {@code hbgen generate} that make the demo search. */
  static final List<String> GENERATE = List.of("2", "3", "--objective", "accuracy", "--maximize", "-k", "5",
      "--random-seed", "1");

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "hbgen-demo",
      description = "Where to write the search (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--overwrite", description = "Replace DIR if it exists and is not empty.")
  boolean overwrite;

  @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Most trials at once (default: the number of CPUs).")
  Integer jobs;

  @Override public Integer call() {
    int n = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
    if (n < 1) {
      throw new UsageError("-j/--jobs must be >= 1, was " + n);
    }
    PrintWriter out = spec.commandLine().getOut();
    generate(out, spec.commandLine().getErr());
    SearchDir search = SearchDir.open(dir);
    RunSettings settings = new RunSettings(n, Optional.empty(), System.console() != null, Duration.ofSeconds(5),
        Duration.ofSeconds(10));
    int code = RunCommand.run(search, settings, spec);
    if (code != 0) {
      return code;
    }
    Path best = new Layout(dir).best();
    try {
      out.printf("%nThe best configuration (%s):%n%s", best, Files.readString(best));
    } catch (IOException e) {
      throw new RuntimeFailure(best + ": cannot read: " + AtomicFiles.describe(e), e);
    }
    out.printf("%nEvery trial's files are under %s (config, log, result); %s/results.tsv has one line per trial.%n",
        dir, dir);
    out.flush();
    return ExitCode.OK;
  }

  /** Writes the search through {@code hbgen generate} itself, so that the demo is what a user would get. */
  private void generate(PrintWriter out, PrintWriter err) {
    List<String> args = new ArrayList<>(GENERATE);
    args.addAll(List.of("-o", dir.toString()));
    if (overwrite) {
      args.add("--overwrite");
    }
    GenerateCommand generate = new GenerateCommand();
    CommandLine cl = new CommandLine(generate);
    cl.setOut(out);
    cl.setErr(err);
    cl.parseArgs(args.toArray(String[]::new));
    generate.call();
  }
}
