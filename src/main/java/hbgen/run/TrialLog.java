package hbgen.run;

import hbgen.search.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What the engine learns from, and adds to, the files run.sh appends to when a launcher gives up:
 * run.sh's own last words in a trial's log, and the ledger's last line when a full disk cut it.
 */
final class TrialLog {
  /** How much of a log's end is read for run.sh's message (a trainer's log can be large). */
  private static final int TAIL_BYTES = 16 * 1024;

  private TrialLog() {}

  /**
   * Appends the engine's note to a trial's log and returns the reason to add to "run.sh exited
   * without a result": run.sh's last message in the log, or, when even the note cannot be written
   * (a full disk, a read-only directory: run.sh's own message was lost the same way), why not.
   */
  static String whyNoResult(Path log, String exit) {
    String note = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " hbgen run: " + exit + "\n";
    try {
      Files.writeString(log, note, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      return ": cannot write " + log + ": " + AtomicFiles.reason(e);
    }
    String said = lastLauncherMessage(log);
    return (said == null ? "" : ": " + said) + " (see " + log + ")";
  }

  /** The last line run.sh wrote about itself ({@code run.sh: ...}) near the end of a log, if any. */
  static String lastLauncherMessage(Path log) {
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long size = ch.size();
      long from = Math.max(0, size - TAIL_BYTES);
      ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) > 0) {
        // read until the buffer is full or the file ends
      }
      List<String> lines = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).lines().toList();
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (lines.get(i).startsWith("run.sh: ")) {
          return lines.get(i).strip();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Ends the ledger's last line when it has no newline: an append that ran out of disk space can
   * leave part of a line, and the next launcher's line would be glued to it and lost with it. The
   * newline is appended (O_APPEND), so lines other launchers append meanwhile stay whole.
   */
  static void endTornLedgerLine(Path ledger) {
    try {
      long size;
      ByteBuffer last = ByteBuffer.allocate(1);
      try (FileChannel ch = FileChannel.open(ledger, StandardOpenOption.READ)) {
        size = ch.size();
        if (size == 0 || ch.read(last, size - 1) != 1 || last.get(0) == '\n') {
          return;
        }
      }
      Files.writeString(ledger, "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (NoSuchFileException e) {
      // no ledger yet
    } catch (IOException e) {
      // a ledger that cannot be read or written here is the launchers' problem, and they report it
    }
  }
}
