package hbgen.run;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Progress as plain lines, for logs and pipes: one every {@code interval}, one whenever a stage
 * completes, never two with the same counts in a row.
 */
public final class LineProgress implements Progress {
  private final PrintWriter out;
  private final Duration interval;
  private Duration lastAt;
  private String lastKey = "";

  public LineProgress(PrintWriter out, Duration interval) {
    this.out = out;
    this.interval = interval;
  }

  @Override public void update(RunCounts counts, boolean stageDone) {
    boolean due = lastAt == null || counts.elapsed().minus(lastAt).compareTo(interval) >= 0;
    String key = counts.done() + "/" + counts.failed() + "/" + counts.running();
    if ((stageDone || due) && !key.equals(lastKey)) {
      out.println(counts.line());
      out.flush();
      lastAt = counts.elapsed();
      lastKey = key;
    } else if (due) {
      lastAt = counts.elapsed();
    }
  }

  @Override public void close() {
    out.flush();
  }
}
