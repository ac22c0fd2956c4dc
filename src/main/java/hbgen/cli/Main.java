package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point: parses the command line, runs one subcommand, maps failures to exit codes. */
@Command(
    name = "hbgen",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Plans Hyperband hyper-parameter searches and writes them as workflows (Snakemake, Slurm, or the built-in engine).",
    subcommands = {
      GenerateCommand.class,
      ExtendCommand.class,
      RandomCommand.class,
      GridCommand.class,
      StatusCommand.class,
      TemplatesCommand.class,
      ResultsCommand.class,
      BestCommand.class,
      ImportanceCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      RunCommand.class, DemoCommand.class,
      PruneCheckpointsCommand.class,
      RerunCommand.class,
      PromoteCommand.class,
      ProposeCommand.class,
      FinishCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {
  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCode.OK;
  }

  /** A configured command line; tests call this with their own writers. */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // One line like every other error (SPEC section 6): the suggestions and the help hint go on it.
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine c = ex.getCommandLine();
      java.util.List<String> suggestions = ex instanceof CommandLine.UnmatchedArgumentException u
          ? u.getSuggestions() : java.util.List.of();
      c.getErr().println("hbgen: " + oneLine(ex.getMessage())
          + (suggestions.isEmpty() ? "" : " (did you mean " + String.join(" or ", suggestions) + "?)")
          + "; see '" + c.getCommandSpec().qualifiedName() + " --help'");
      c.getErr().flush();
      return ExitCode.USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parsed) -> {
      boolean debug = parsed.matchedOption("--debug") != null
          || parsed.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"))
          || hasDebug(parsed);
      PrintWriter e = c.getErr();
      int code;
      if (ex instanceof UsageError) {
        e.println("hbgen: " + oneLine(ex.getMessage()));
        code = ExitCode.USAGE;
      } else if (ex instanceof RuntimeFailure) {
        e.println("hbgen: " + oneLine(ex.getMessage()));
        code = ExitCode.FAILURE;
      } else {
        e.println("hbgen: internal error: " + oneLine(String.valueOf(ex)) + (debug ? "" : " (run with --debug for details)"));
        code = ExitCode.FAILURE;
      }
      if (debug) {
        ex.printStackTrace(e);
      }
      e.flush();
      return code;
    });
    return cl;
  }

  private static boolean hasDebug(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult p = parsed;
    while (p != null) {
      if (p.hasMatchedOption("--debug")) {
        return true;
      }
      p = p.subcommand();
    }
    return false;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  public static void main(String[] args) {
    System.setProperty("org.freemarker.loggerLibrary", "none");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
