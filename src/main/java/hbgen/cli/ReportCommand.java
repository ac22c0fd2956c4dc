package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.results.ReportPage;
import hbgen.results.SearchResults;
import hbgen.results.SvgChart;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbgen report DIR}: one self-contained HTML file with the search's charts and tables. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write one self-contained HTML report (inline SVG charts; opens offline):",
        "best so far against cost, objective by budget per bracket, objective by",
        "parameter, status per stage, top trials. Works on a running or empty search."})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the report (default: DIR/report.html).")
  Path output;

  @Override public Integer call() {
    if (output != null) {
      checkOutput(output, "-o/--output", "the report", "report.html");
    }
    SearchDir search = dir.open();
    SearchResults results = SearchResults.read(search);
    String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String html = ReportPage.render(results, dir.path(), generated, Version.get(), SvgChart::render);
    Path target = output != null ? output : dir.path().resolve("report.html");
    AtomicFiles.write(target, html);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Wrote %s (%s).%n", target, results.progress());
    out.flush();
    return ExitCode.OK;
  }

  /**
   * Refuses an output path ({@code option}) that cannot become a file, before any work is done.
   *
   * @param what what the file is, e.g. "the report"
   * @param example a file name for the hint, e.g. {@code report.html}
   */
  static void checkOutput(Path file, String option, String what, String example) {
    if (file.toString().isBlank()) {
      throw new UsageError(option + " must name a file, was '" + file + "'");
    }
    if (Files.isDirectory(file)) {
      throw new UsageError(file + ": is a directory, expected " + what + "'s file name (e.g. " + file.resolve(example) + ")");
    }
    for (Path p = file.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p) && !Files.isDirectory(p)) {
        throw new UsageError(file + ": " + p + " is a file, expected a directory");
      }
    }
  }
}
