package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.TestSearch;
import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hbgen report} killed with SIGKILL at random moments: the report is then absent, or the
 * whole page (the same bytes as an uninterrupted run's, but for its time stamp), and a report that
 * was there before is still whole, old or new. A killed run leaves at most a hidden temporary
 * file beside the target.
 */
class KillReportTest {
  static final long SEED = 31415926L;
  static final int KILLS = 50;

  @TempDir Path tmp;

  @Test
  void aKilledReportLeavesNoReportOrTheWholeReport() throws Exception {
    KillLoop loop = new KillLoop(2);
    Path search = TestSearch.generate(tmp.resolve("s"), "2", "3", "--objective", "loss", "--trainer",
        TestSearch.trainer(tmp.resolve("trainer"), "train.sh", TestSearch.DETERMINISTIC));
    Cli.Run ran = Cli.run("run", search.toString(), "-j", "2");
    assertThat(ran.code()).as(ran.err()).isZero();
    long runMillis = loop.calibrate(w -> {
      Path dir = Files.createDirectories(tmp.resolve("reference-" + w));
      Child.Result ref = Child.run(tmp, tmp.resolve("reference-" + w + ".log"), "report", "s", "-o",
          dir.resolve("report.html").toString());
      assertThat(ref.code()).as(ref.output()).isZero();
      return ref.millis();
    });
    Path refDir = tmp.resolve("reference-0");
    String expected = page(refDir.resolve("report.html"));
    assertThat(page(tmp.resolve("reference-1/report.html"))).isEqualTo(expected);
    assertThat(expected).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Files.copy(refDir.resolve("report.html"), shared.resolve("report.html"));

    AtomicInteger replacing = new AtomicInteger();
    KillLoop.Tally tally = loop.run(SEED, KILLS, 4 * KILLS, (r, random) -> {
      // Every third round replaces the report both workers keep rewriting; the others write a new one.
      boolean replace = r % 3 == 0;
      Path out = replace ? shared : Files.createDirectories(tmp.resolve("round-" + r));
      Path log = tmp.resolve("round-" + r + ".log");
      long t0 = System.nanoTime();
      Process p = Child.start(tmp, log, "report", "s", "-o", out.resolve("report.html").toString());
      boolean killed = Child.killAfter(p, loop.delay(random), Child.Kill.ALONE);
      if (!killed) {
        loop.endedAfter((System.nanoTime() - t0) / 1_000_000);
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
      }
      Path report = out.resolve("report.html");
      if (killed && !replace && !Files.exists(report)) {
        assertLeftovers(out);
      } else {
        assertThat(page(report)).as("the report of round %d", r).isEqualTo(expected);
      }
      if (replace) {
        replacing.incrementAndGet();
      } else {
        assertLeftovers(out);
        hbgen.search.AtomicFiles.deleteTree(out);
      }
      return killed ? 1 : 0;
    });
    assertLeftovers(shared);
    System.out.printf("KillReportTest: %d kills in %d rounds (%d replacing a report; delays from 0-%d ms, then 0-%d ms)%n",
        tally.kills(), tally.rounds(), replacing.get(), runMillis, loop.span());
    assertThat(tally.kills()).as("kills of hbgen report").isGreaterThanOrEqualTo(KILLS);
  }

  /** A report's text with the time it was written left out. */
  static String page(Path report) throws IOException {
    return Files.readString(report).replaceAll("at \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ from", "at (time) from");
  }

  /** Beside the report there is nothing, or hidden temporary files of killed runs. */
  static void assertLeftovers(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("report.html")).toList();
      assertThat(names).allSatisfy(n -> assertThat(n).matches("\\.report\\.html\\.[0-9]+\\.tmp"));
    }
  }
}
