package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.results.ReportPage;
import hbgen.results.SearchFixture;
import hbgen.results.SearchResults;
import hbgen.results.SvgChart;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

  /**
   * {@code report --watch} on a random search whose trials the test finishes by writing their
   * results, as run.sh would.
   */
  @Nested
  class Watch {
    static final String REFRESH = "<meta http-equiv=\"refresh\" content=\"1\">";

    /** A random search of {@code n} configurations at budget 1, none finished. */
    Path search(int n) {
      Path root = tmp.resolve("random");
      Cli.Run r = Cli.run("random", Integer.toString(n), "-o", root.toString(), "--random-seed", "3", "--space",
          "src/test/resources/spaces/small.yaml", "--trainer", "t", "--objective", "loss");
      assertThat(r.code()).as(r.err()).isZero();
      return root;
    }

    /** Finishes a trial: a result, or a failure for a NaN loss. */
    void finish(Path root, int config, double loss) throws IOException {
      Path trial = root.resolve("bracket-0/stage-0/config-" + config);
      if (Double.isNaN(loss)) {
        Files.writeString(trial.resolve("failed"), "time: 2026-01-01T00:00:00Z\nexit_code: 1\nreason: exit code 1\n"
            + "attempts: 1\n");
        Files.writeString(trial.resolve("result"), "nan\n");
      } else {
        Files.writeString(trial.resolve("result"), "{\"loss\": " + loss + ", \"accuracy\": 0.5}\n");
      }
    }

    /** Waits until the page exists and satisfies {@code condition}, failing after 60 s. */
    String awaitPage(Path page, Predicate<String> condition) throws Exception {
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < end) {
        if (Files.exists(page)) {
          String html = Files.readString(page);
          if (condition.test(html)) {
            return html;
          }
        }
        Thread.sleep(50);
      }
      throw new AssertionError("the page did not get there in 60 s: " + page);
    }

    @Test
    @Timeout(120)
    void rewritesThePageAsTrialsFinishAndStopsAfterAFinalPageWithoutReloading() throws Exception {
      Path root = search(3);
      Path page = root.resolve("report.html");
      CompletableFuture<Cli.Run> watch = CompletableFuture.supplyAsync(
          () -> Cli.run("report", root.toString(), "--watch", "1"));
      String first = awaitPage(page, html -> true);
      assertThat(first).contains(REFRESH, "No trial has finished yet: 0 of 3 trials finished",
          "this page reloads every 1 s").endsWith("</html>\n");
      finish(root, 0, 0.4);
      finish(root, 1, 0.3);
      String running = awaitPage(page, html -> html.contains("2 of 3 trials finished"));
      assertThat(running).contains(REFRESH, "Search in progress");
      assertThat(watch).as("still watching a running search").isNotDone();
      finish(root, 2, Double.NaN);
      Cli.Run r = watch.get(60, TimeUnit.SECONDS);
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.err()).isEmpty();
      String last = Files.readString(page);
      assertThat(last).as("the final page does not reload").doesNotContain("http-equiv")
          .contains("Search finished: 3 of 3 trials finished.").endsWith("</html>\n");
      List<String> lines = r.out().lines().toList();
      assertThat(lines.get(0)).isEqualTo("Wrote " + page + " (0 of 3 trials finished; 3 pending); again in 1 s.");
      assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
      assertThat(lines.get(lines.size() - 1)).isEqualTo("Wrote " + page + " (3 of 3 trials finished).");
      assertThat(Files.list(root).map(p -> p.getFileName().toString())).as("no temporary file left")
          .noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aFinishedSearchGetsOnePageWithoutReloading() throws Exception {
      SearchFixture f = SearchFixture.finished(tmp);
      Path out = tmp.resolve("watched.html");
      Cli.Run r = Cli.run("report", f.root.toString(), "--watch", "5", "-o", out.toString());
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).isEqualTo("Wrote " + out + " (22 of 22 trials finished).\n");
      assertThat(Files.readString(out)).doesNotContain("http-equiv").endsWith("</html>\n");
    }

    @Test
    void aPageBeingRewrittenIsNeverReadHalfWritten() throws Exception {
      int n = 30;
      Path root = search(n);
      Path page = tmp.resolve("page.html");
      AtomicInteger finished = new AtomicInteger();
      AtomicBoolean writing = new AtomicBoolean(true);
      // The reader starts once the first page is there and reads until the watch has ended.
      List<String> bad = new ArrayList<>();
      AtomicInteger reads = new AtomicInteger();
      Thread reader = new Thread(() -> {
        try {
          while (!Files.exists(page)) {
            Thread.onSpinWait();
          }
          while (writing.get()) {
            String html = new String(Files.readAllBytes(page), StandardCharsets.UTF_8);
            reads.incrementAndGet();
            if (!html.startsWith("<!DOCTYPE html>") || !html.endsWith("</html>\n")) {
              bad.add(html.length() + " chars, ending " + html.substring(Math.max(0, html.length() - 40)));
            }
          }
        } catch (IOException e) {
          bad.add(e.toString());
        }
      });
      reader.start();
      StringWriter log = new StringWriter();
      // The loop of report --watch, with a pause that finishes one more trial instead of waiting.
      int code = PageWatch.run(page, 1, () -> {
        SearchResults results = SearchResults.read(SearchDir.open(root));
        String html = ReportPage.render(results, root, "2026-01-01T00:00:00Z", "test", SvgChart::render,
            results.complete() ? 0 : 1);
        return new PageWatch.Page(html, results.complete(), results.progress());
      }, seconds -> {
        int k = finished.getAndIncrement();
        try {
          finish(root, k, k % 7 == 3 ? Double.NaN : 1.0 / (k + 1));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return null;
      }, new PrintWriter(log));
      writing.set(false);
      reader.join();
      assertThat(code).isZero();
      assertThat(log.toString().lines()).as("one page per state of the search").hasSize(n + 1);
      assertThat(reads.get()).as("the reader read while pages were rewritten").isGreaterThan(n);
      assertThat(bad).isEmpty();
    }

    @Test
    void aStopRequestEndsTheWatchWithTheLastWholePage() {
      Path page = tmp.resolve("p.html");
      StringWriter log = new StringWriter();
      AtomicInteger pages = new AtomicInteger();
      int code = PageWatch.run(page, 7, () -> new PageWatch.Page("<!DOCTYPE html>" + pages.incrementAndGet() + "</html>\n",
          false, "running"), seconds -> pages.get() < 3 ? null : 0, new PrintWriter(log));
      assertThat(code).isZero();
      assertThat(page).hasContent("<!DOCTYPE html>3</html>");
      assertThat(log.toString()).isEqualTo(("Wrote " + page + " (running); again in 7 s.\n").repeat(3)
          + "Stopped; " + page + " is the last page written.\n");
    }

    /**
     * Ctrl-C: hbgen as its own JVM (SIGINT set to its default, whatever this test run inherited),
     * watching a search that does not finish; SIGINT ends it with exit 0 and the last page whole.
     */
    @Test
    @Timeout(120)
    void ctrlCEndsTheWatchWithExitZeroAndLeavesTheLastWholePage() throws Exception {
      Path root = search(2);
      Path page = root.resolve("report.html");
      Path log = tmp.resolve("watch.log");
      List<String> cmd = List.of("env", "--default-signal=INT", Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
          "hbgen.cli.Main", "report", root.toString(), "--watch", "1");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
      try {
        awaitPage(log, text -> text.contains("Wrote "));
        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("hbgen ends on SIGINT").isTrue();
      } finally {
        p.destroyForcibly();
      }
      String out = Files.readString(log);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains("Stopped; " + page + " is the last page written.");
      assertThat(Files.readString(page)).contains(REFRESH).endsWith("</html>\n");
    }

    @Test
    void anIntervalBelowOneSecondIsAUsageError() {
      Path root = search(1);
      Cli.Run zero = Cli.run("report", root.toString(), "--watch", "0");
      assertThat(zero.code()).isEqualTo(2);
      assertThat(zero.out()).isEmpty();
      assertThat(zero.err()).isEqualTo("hbgen: --watch must be a whole number of seconds from 1 to 86400, was 0\n");
      Cli.Run half = Cli.run("report", root.toString(), "--watch", "0.5");
      assertThat(half.code()).isEqualTo(2);
      assertThat(half.err()).contains("'0.5'").hasLineCount(1);
      assertThat(root.resolve("report.html")).as("nothing written").doesNotExist();
    }
  }
}
