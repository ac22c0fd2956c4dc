package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.results.SearchFixture;
import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheReportIntoTheSearchByDefault() throws Exception {
    SearchFixture f = SearchFixture.finished(tmp);
    Cli.Run r = Cli.run("report", f.root.toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path report = f.root.resolve("report.html");
    assertThat(r.out()).isEqualTo("Wrote " + report + " (22 of 22 trials finished).\n");
    assertThat(Files.readString(report)).startsWith("<!DOCTYPE html>").contains("<svg class=\"chart-svg\"");
  }

  @Test
  void writesWhereToldAndWorksOnAnEmptySearch() throws Exception {
    SearchFixture f = SearchFixture.create(tmp);
    Path out = tmp.resolve("out/r.html");
    Cli.Run r = Cli.run("report", f.root.toString(), "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Wrote " + out + " (0 of 22 trials finished; 17 pending, 5 unfilled).\n");
    assertThat(Files.readString(out)).contains("No trial has finished yet").doesNotContain("<svg");
  }

  @Test
  void aMissingDirectoryIsAUsageError() {
    Cli.Run r = Cli.run("report", tmp.resolve("nope").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hbgen: " + tmp.resolve("nope") + ": no such search directory\n");
  }
}
