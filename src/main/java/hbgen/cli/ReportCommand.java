package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.importance.ImportanceChart;
import hbgen.results.ReportPage;
import hbgen.results.SearchResults;
import hbgen.results.SvgChart;
import hbgen.run.Signals;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbgen report DIR}: one self-contained HTML file with the search's charts and tables. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write one self-contained HTML report (inline SVG charts; opens offline):",
        "best so far against cost; per strategy, Hyperband's brackets (and BOHB's proposals)",
        "or a grid's points and heat map; objective by parameter, parameter importance,",
        "parallel coordinates, failures, status, top trials. Works on a running or empty",
        "search. With NO_COLOR set, the page is grey.",
        "With --watch, rewrites it while the search runs and the page reloads itself."})
public final class ReportCommand implements Callable<Integer> {
  /** The longest --watch interval, a day. */
  static final int MAX_WATCH = 86_400;

  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the report (default: DIR/report.html).")
  Path output;

  @Option(names = "--watch", paramLabel = "SECONDS",
      description = {"Rewrite the report every SECONDS (a whole number >= 1) while the search runs; the page",
          "reloads itself as often. Ends after a last page (without reloading) once every trial has",
          "finished, or on Ctrl-C (exit 0, the last page stays whole)."})
  Integer watch;

  @Override public Integer call() {
    if (watch != null && (watch < 1 || watch > MAX_WATCH)) {
      throw new UsageError("--watch must be a whole number of seconds from 1 to " + MAX_WATCH + ", was " + watch);
    }
    if (output != null) {
      checkOutput(output, "-o/--output", "the report", "report.html");
    }
    dir.open();
    Path target = output != null ? output : dir.path().resolve("report.html");
    PrintWriter out = spec.commandLine().getOut();
    if (watch == null) {
      PageWatch.Page page = page(0);
      AtomicFiles.write(target, page.html());
      out.printf("Wrote %s (%s).%n", target, page.progress());
      out.flush();
      return ExitCode.OK;
    }
    BlockingQueue<Integer> stops = new LinkedBlockingQueue<>();
    try (Signals signals = Signals.install(stops::offer)) {
      return PageWatch.run(target, watch, () -> page(watch), seconds -> {
        try {
          Integer code = stops.poll(seconds, TimeUnit.SECONDS);
          // Ctrl-C ends watching, which is how it is meant to end on a search that runs on: success.
          return code == null ? null : code == ExitCode.INTERRUPTED ? ExitCode.OK : code;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ExitCode.OK;
        }
      }, out);
    }
  }

  /** The page of the search as it is now; it reloads every {@code refresh} seconds (0: never) until the search finishes. */
  private PageWatch.Page page(int refresh) {
    // Opened again for every page: "hbgen random" may add configurations to a running search.
    SearchResults results = SearchResults.read(dir.open());
    String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    boolean finished = results.complete();
    String noColor = System.getenv("NO_COLOR");
    String html = ReportPage.render(results, dir.path(), generated, Version.get(), SvgChart::render, finished ? 0 : refresh,
        ImportanceChart::of, noColor != null && !noColor.isEmpty());
    return new PageWatch.Page(html, finished, results.progress());
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
