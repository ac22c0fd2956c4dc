package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.results.ComparePage;
import hbgen.results.Comparison;
import hbgen.results.SearchResults;
import hbgen.results.SvgChart;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen compare DIR...}: the bests of several searches of one objective, and their best-so-far curves. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = {"Compare searches of one objective (any strategy, running or finished): a table of",
        "their bests (each under its own incumbent rule) with trials finished and budget spent;",
        "with --html, a page with their best so far against cumulative budget."},
    footer = {"", "Exit status: 0, 1 on a runtime error, 2 on fewer than two searches or different objectives."})
public final class CompareCommand implements Callable<Integer> {
  /** Output formats of the table. */
  enum Format { TEXT, JSON }

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "Search directories (at least two).")
  List<Path> dirs;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  Format format;

  @Option(names = "--html", paramLabel = "FILE",
      description = "Also write a self-contained HTML page (inline SVG chart and the table) to FILE.")
  Path html;

  @Override public Integer call() {
    if (dirs.size() < 2) {
      throw new UsageError("compare needs at least two search directories, got 1 (" + dirs.get(0) + ")");
    }
    if (html != null) {
      ReportCommand.checkOutput(html, "--html", "the page", "compare.html");
    }
    List<SearchResults> results = new ArrayList<>();
    for (Path dir : dirs) {
      if (Files.isRegularFile(dir)) {
        throw new UsageError(dir + ": is a file, expected a search directory");
      }
      results.add(SearchResults.read(SearchDir.open(dir)));
    }
    Comparison comparison = Comparison.of(dirs, results);
    if (html != null) {
      String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
      AtomicFiles.write(html, ComparePage.render(comparison, generated, Version.get(), SvgChart::render));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.JSON ? comparison.json() : comparison.text());
    out.flush();
    if (html != null) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("Wrote " + html + ".");
      err.flush();
    }
    return ExitCode.OK;
  }
}
