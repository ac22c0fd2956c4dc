package hbgen.run;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress as a terminal bar (the progressbar library): trials done of total, failed and running
 * in its message, elapsed time and the engine's budget-weighted estimate. Only for a console: the
 * library draws with carriage returns and ANSI codes.
 */
public final class BarProgress implements Progress {
  private final ProgressBar bar;
  private final WriterConsumer consumer;
  private volatile Optional<Duration> left = Optional.empty();

  /**
   * @param err where to draw (the command's error writer)
   * @param total trial slots
   * @param alreadyDone trials finished before this run started
   */
  public BarProgress(PrintWriter err, long total, long alreadyDone) {
    consumer = new WriterConsumer(err);
    bar = new ProgressBarBuilder()
        .setTaskName("hbgen run")
        .setInitialMax(total)
        .startsFrom(alreadyDone, Duration.ZERO)
        .setStyle(ProgressBarStyle.UNICODE_BLOCK)
        .setUpdateIntervalMillis(500)
        .continuousUpdate()
        .setEtaFunction(state -> left)
        .setConsumer(consumer)
        .build();
  }

  @Override public void update(RunCounts counts, boolean stageDone) {
    left = counts.left();
    bar.stepTo(counts.done());
    bar.setExtraMessage(counts.failed() + " failed, " + counts.running() + " running");
  }

  @Override public void close() {
    bar.close();
    // A bar closed before its first scheduled redraw never closes its consumer (progressbar 0.10.2).
    consumer.close();
  }

  /** Draws through the command's writer; the library's console consumer only measures the width. */
  private static final class WriterConsumer implements ProgressBarConsumer {
    private final PrintWriter err;
    private boolean closed;
    private final ConsoleProgressBarConsumer width =
        new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream()));

    WriterConsumer(PrintWriter err) {
      this.err = err;
    }

    @Override public int getMaxRenderedLength() {
      return width.getMaxRenderedLength();
    }

    @Override public synchronized void accept(String rendered) {
      if (closed) {
        return;
      }
      int max = getMaxRenderedLength();
      err.print('\r' + (max > 0 && rendered.length() > max ? rendered.substring(0, max) : rendered));
      err.flush();
    }

    @Override public synchronized void close() {
      if (!closed) {
        closed = true;
        err.println();
        err.flush();
      }
    }
  }
}
