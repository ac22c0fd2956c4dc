package hbgen.search;

import hbgen.trial.FailureKind;
import hbgen.trial.Metrics;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The only code that opens a trial directory: it lists the directory once and turns what it holds
 * into one {@link TrialRecord}. Every marker is read under one decoding rule ({@link #decode}):
 * a leading UTF-8 byte order mark is dropped and each byte is one ISO-8859-1 character, so a stray
 * non-UTF-8 byte in a comment never changes what a result says (issue 13).
 */
public final class TrialFiles {
  /** Largest result read; a bigger one is unparseable (a trainer's result is a few lines). */
  static final long MAX_RESULT_BYTES = 64L << 20;
  /** Largest marker read. */
  static final long MAX_MARKER_BYTES = 1 << 20;
  /** Bytes read from the end of a log for its tail. */
  private static final int LOG_TAIL_BYTES = 64 * 1024;

  private TrialFiles() {}

  /** Reads the trial directory of {@code id}; the configuration's text only when {@code withConfig}. */
  public static TrialRecord read(Layout layout, TrialId id, boolean withConfig) {
    File dir = layout.trialDir(id).toFile();
    String[] names = dir.list();
    if (names == null) {
      if (dir.exists()) {
        String why = dir.isDirectory() ? "permission denied" : "not a directory";
        return new TrialRecord(id, TrialRecord.Dir.UNREADABLE, "cannot list " + id.path() + " (" + why + ")",
            TrialRecord.Markers.NONE, null, null, null, null, null, null);
      }
      return new TrialRecord(id, TrialRecord.Dir.MISSING, "", TrialRecord.Markers.NONE, null, null, null, null, null,
          null);
    }
    TrialRecord.Markers m = TrialRecord.Markers.of(names);
    Path p = dir.toPath();
    String config = withConfig && m.config() ? configOrNull(p.resolve(Layout.CONFIG)) : null;
    TrialId from = m.promotedFrom() ? promotedFrom(p.resolve(Layout.PROMOTED_FROM)) : null;
    StartedMarker started = m.started() ? startedMarker(p.resolve(Layout.STARTED)) : null;
    FailedMarker failed = m.failed() ? failedMarker(p.resolve(Layout.FAILED)) : null;
    String skipped = m.skipped() ? skipped(p.resolve(Layout.SKIPPED)) : null;
    TrialRecord.Result result = m.result() ? result(p.resolve(Layout.RESULT)) : null;
    return new TrialRecord(id, TrialRecord.Dir.PRESENT, "", m, config, from, started, failed, skipped, result);
  }

  /** Whether the trial has its result (completed, failed or skipped). */
  public static boolean finished(Layout layout, TrialId id) {
    return finished(layout.trialDir(id));
  }

  /** Whether the trial in {@code dir} has its result (completed, failed or skipped). */
  public static boolean finished(Path dir) {
    return dir.resolve(Layout.RESULT).toFile().exists();
  }

  /** Whether the trial in {@code dir} has the launcher's {@code failed} marker. */
  public static boolean failed(Path dir) {
    return dir.resolve(Layout.FAILED).toFile().exists();
  }

  /** Reads and parses a {@code result} file. */
  public static TrialRecord.Result result(Path file) {
    long modified = file.toFile().lastModified();
    byte[] bytes;
    try {
      bytes = bytes(file, MAX_RESULT_BYTES);
    } catch (IOException e) {
      return new TrialRecord.Result(modified, null, "result " + problem(e), FailureKind.UNPARSEABLE);
    }
    try {
      return new TrialRecord.Result(modified, parseResult(bytes), "", null);
    } catch (IllegalArgumentException e) {
      return new TrialRecord.Result(modified, null, "result: " + e.getMessage(), FailureKind.UNPARSEABLE);
    }
  }

  /** A result's bytes through the one grammar and decoding rule ({@link ResultFormat#parse(byte[])}). */
  public static Metrics parseResult(byte[] bytes) {
    return ResultFormat.parse(bytes);
  }

  /** The one decoding rule: a leading UTF-8 BOM dropped, then each byte one ISO-8859-1 character. */
  public static String decode(byte[] bytes) {
    int from = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf
        ? 3 : 0;
    return new String(bytes, from, bytes.length - from, StandardCharsets.ISO_8859_1);
  }

  /**
   * Text decoded by {@link #decode} as a person should read it: the same characters again as
   * UTF-8 when its bytes are UTF-8 (a reason or a log line in another language), else as is.
   * For display only: no decision reads this.
   */
  public static String display(String decoded) {
    for (int i = 0; i < decoded.length(); i++) {
      if (decoded.charAt(i) >= 0x80) {
        try {
          return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(decoded.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
          return decoded;
        }
      }
    }
    return decoded;
  }

  /**
   * A configuration's text as the workflow's Python reads it in text mode (strict UTF-8, CRLF and
   * CR turned into LF): promotion and best copy it with this, byte for byte as the Snakefile's jobs.
   */
  public static String configText(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text", e);
    }
  }

  /** The last {@code n} lines of a trial's log (control characters as {@code ?}), or none when unreadable. */
  public static List<String> logTail(Path file, int n) {
    try (SeekableByteChannel ch = Files.newByteChannel(file)) {
      long size = ch.size();
      long from = Math.max(0, size - LOG_TAIL_BYTES);
      ch.position(from);
      ByteBuffer buf = ByteBuffer.allocate((int) (size - from));
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // read until full or end of file
      }
      String text = display(decode(Arrays.copyOf(buf.array(), buf.position())));
      List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r?\n", -1)));
      if (from > 0 && !lines.isEmpty()) {
        lines.remove(0);
      }
      while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
        lines.remove(lines.size() - 1);
      }
      return lines.subList(Math.max(0, lines.size() - n), lines.size()).stream()
          .map(l -> l.replaceAll("[\\p{Cntrl}&&[^\t]]", "?")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** An I/O problem in words, after the file's name: "cannot be read: permission denied". */
  public static String problem(IOException e) {
    if (e instanceof TooLarge) {
      return e.getMessage();
    }
    return "cannot be read: " + AtomicFiles.describe(e);
  }

  private static String configOrNull(Path file) {
    try {
      return display(decode(bytes(file, MAX_MARKER_BYTES)));
    } catch (IOException e) {
      return null;
    }
  }

  private static TrialId promotedFrom(Path file) {
    try {
      return Layout.parseTrial(decode(bytes(file, MAX_MARKER_BYTES)));
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }

  /** The {@code started} marker of the trial in {@code dir}, or null when it is absent or unreadable. */
  public static StartedMarker started(Path dir) {
    return startedMarker(dir.resolve(Layout.STARTED));
  }

  private static StartedMarker startedMarker(Path file) {
    try {
      return StartedMarker.parse(decode(bytes(file, MAX_MARKER_BYTES)));
    } catch (IOException e) {
      return null;
    }
  }

  private static FailedMarker failedMarker(Path file) {
    try {
      FailedMarker m = FailedMarker.parse(decode(bytes(file, MAX_MARKER_BYTES)));
      return new FailedMarker(m.kind(), m.exitCode(), display(m.reason()), m.attempts(),
          m.lastLogLines().stream().map(TrialFiles::display).toList());
    } catch (IOException e) {
      return new FailedMarker(FailureKind.OTHER, -1, "failed (" + Layout.FAILED + " " + problem(e) + ")", 0, List.of());
    }
  }

  private static String skipped(Path file) {
    try {
      String text = decode(bytes(file, MAX_MARKER_BYTES));
      for (String line : text.split("\n")) {
        if (line.startsWith("reason:")) {
          String v = line.substring(7).strip();
          return display(v.length() >= 2 && v.startsWith("'") && v.endsWith("'")
              ? v.substring(1, v.length() - 1).replace("''", "'") : v);
        }
      }
      return "";
    } catch (IOException e) {
      return "";
    }
  }

  /** A file's bytes, refusing one larger than {@code limit}. */
  static byte[] bytes(Path file, long limit) throws IOException {
    if (Files.size(file) > limit) {
      throw new TooLarge("is larger than " + limit + " bytes");
    }
    return Files.readAllBytes(file);
  }

  /** A file over the size limit. */
  private static final class TooLarge extends IOException {
    TooLarge(String message) {
      super(message);
    }
  }
}
