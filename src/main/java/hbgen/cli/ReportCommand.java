package hbgen.cli;

import hbgen.results.ReportPage;
import hbgen.results.SearchResults;
import hbgen.results.SvgChart;
import hbgen.search.AtomicFiles;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hbgen report DIR}: one self-contained HTML file with the search's charts and tables. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write one self-contained HTML report (inline SVG charts; opens offline):",
        "best so far against cost, objective by budget per bracket, objective by",
        "parameter, status per stage, top trials. Works on a running or empty search."})
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The search directory.")
  Path dir;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the report (default: DIR/report.html).")
  Path output;

  @Override public Integer call() {
    SearchDir search = SearchDir.open(dir);
    SearchResults results = SearchResults.read(search);
    String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String html = ReportPage.render(results, dir, generated, Version.get(), SvgChart::render);
    Path target = output != null ? output : dir.resolve("report.html");
    AtomicFiles.write(target, html);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("Wrote %s (%s).%n", target, results.progress());
    out.flush();
    return 0;
  }
}
