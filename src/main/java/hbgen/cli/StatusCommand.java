package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.status.FailedReport;
import hbgen.status.Palette;
import hbgen.search.ProcessProbe;
import hbgen.status.SearchStatus;
import hbgen.status.StatusJson;
import hbgen.status.StatusScanner;
import hbgen.status.StatusText;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hbgen status DIR}: per-bracket, per-stage progress grids, top trials, failures. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show a search's progress: per bracket and stage, counts and a grid of one symbol per trial.",
        "C completed, F failed, S skipped (promotion shortfall), R running, ? running (unverified: started on a"
            + " host this machine cannot check), X interrupted (started, its process or Slurm job is gone, no result),"
            + " . pending, _ unfilled (not promoted yet)."},
    footer = {"", "Exit status: 0 (also when trials failed), 1 on a runtime error, 2 when DIR is not a search."})
public final class StatusCommand implements Callable<Integer> {
  /** When to draw the grids. */
  enum Grid { AUTO, ALL, NONE }

  /** When to colour the output. */
  enum Colour { AUTO, ALWAYS, NEVER }

  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--json", description = "Print JSON (schema in the README); with --watch, one line per update.")
  boolean json;

  @Option(names = "--top", paramLabel = "K", defaultValue = "3",
      description = "Best trials shown per bracket. Default: ${DEFAULT-VALUE}.")
  int top;

  @Option(names = "--watch", paramLabel = "SECONDS",
      description = "Print again every SECONDS until every trial has a result.")
  Double watch;

  @Option(names = "--failed",
      description = "List failed and interrupted trials with their reasons and log tails, and how to rerun them.")
  boolean failed;

  @Option(names = "--grid", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto (stages up to " + StatusText.DEFAULT_GRID_LIMIT + " slots), all, or none."
          + " Default: ${DEFAULT-VALUE}.")
  Grid grid;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always, or never."
          + " Default: ${DEFAULT-VALUE}.")
  Colour colour;

  @Override public Integer call() {
    if (top < 0) {
      throw new UsageError("--top must be >= 0, was " + top);
    }
    if (watch != null && !(watch > 0 && watch <= 86_400)) {
      throw new UsageError("--watch must be a number of seconds above 0 (and at most a day), was " + watch);
    }
    if (watch != null && failed) {
      throw new UsageError("--watch and --failed exclude each other");
    }
    if (Files.isRegularFile(dir.path())) {
      throw new UsageError(dir.path() + ": is a file, expected a search directory");
    }
    StatusScanner scanner = new StatusScanner(ProcessProbe.system());
    PrintWriter out = spec.commandLine().getOut();
    // On JDK 17 a console exists only when stdin and stdout are terminals (JDK 22 changed that).
    boolean terminal = System.console() != null;
    Palette palette = new Palette(colour == Colour.ALWAYS || colour == Colour.AUTO && terminal && colourAllowed());
    for (int frame = 0; ; frame++) {
      // Opened again for every frame: "hbgen random" may add configurations to a running search.
      SearchStatus status = scanner.scan(dir.open(), dir.path().toString());
      String text = render(status, palette, watch != null);
      if (watch != null && terminal && !json) {
        out.print("\u001b[H\u001b[2J");
      } else if (frame > 0 && !json) {
        out.print("\n--- " + status.time() + " ---\n");
      }
      out.print(text);
      out.flush();
      if (watch == null || status.finished()) {
        return ExitCode.OK;
      }
      try {
        Thread.sleep(Math.round(watch * 1000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCode.INTERRUPTED;
      }
    }
  }

  private String render(SearchStatus status, Palette palette, boolean watching) {
    if (failed) {
      FailedReport report = FailedReport.of(status, dir.path());
      return json ? report.json(status) : report.text(status, palette);
    }
    if (json) {
      return StatusJson.render(status, top, !watching);
    }
    long limit = switch (grid) {
      case AUTO -> StatusText.DEFAULT_GRID_LIMIT;
      case ALL -> Long.MAX_VALUE;
      case NONE -> 0;
    };
    return StatusText.render(status, new StatusText.Options(top, limit, palette));
  }

  /** NO_COLOR (https://no-color.org) set to anything non-empty, or a dumb terminal, turns colour off. */
  private static boolean colourAllowed() {
    String noColor = System.getenv("NO_COLOR");
    return (noColor == null || noColor.isEmpty()) && !"dumb".equals(System.getenv("TERM"));
  }
}
