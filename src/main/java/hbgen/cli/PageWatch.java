package hbgen.cli;

import hbgen.search.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The loop of {@code hbgen report --watch}: renders the page, writes it whole (temporary file, then
 * rename: a reader sees the old page or the new one, never a part), and waits; it ends after the
 * page of a finished search, or when the wait is cut short by a stop request (Ctrl-C), leaving the
 * last whole page.
 */
final class PageWatch {
  /**
   * One rendering.
   *
   * @param html the whole page
   * @param finished whether every trial has its final state (the page then no longer reloads)
   * @param progress one line on progress, for the terminal
   */
  record Page(String html, boolean finished, String progress) {}

  /** Waits between two pages. */
  interface Pause {
    /**
     * Waits {@code seconds}, or less when asked to stop.
     *
     * @return null to go on, else the exit code to stop with
     */
    Integer await(int seconds);
  }

  private PageWatch() {}

  /**
   * Writes {@code target} every {@code seconds} until the search finishes or {@code pause} says stop.
   *
   * @return the exit code: 0 when the search finished, else what {@code pause} returned
   */
  static int run(Path target, int seconds, Supplier<Page> render, Pause pause, PrintWriter out) {
    while (true) {
      Page page = render.get();
      AtomicFiles.write(target, page.html());
      out.printf("Wrote %s (%s)%s.%n", target, page.progress(), page.finished() ? "" : "; again in " + seconds + " s");
      out.flush();
      if (page.finished()) {
        return ExitCode.OK;
      }
      Integer stop = pause.await(seconds);
      if (stop != null) {
        out.printf("Stopped; %s is the last page written.%n", target);
        out.flush();
        return stop;
      }
    }
  }
}
