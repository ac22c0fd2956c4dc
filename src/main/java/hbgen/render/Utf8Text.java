package hbgen.render;

import hbgen.error.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text files hbgen reads (space files, manifests, templates) must be UTF-8: anything else is named by position. */
public final class Utf8Text {
  /** Largest file read (YamlFiles reads at most 10 Mi code points): /dev/zero must not fill the heap. */
  static final int MAX_BYTES = 40 << 20;

  private Utf8Text() {}

  /** Reads a UTF-8 text file of at most {@link #MAX_BYTES} (a pipe too, such as {@code <(...)}). */
  public static String read(Path file) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new UsageError(file + ": is larger than " + (MAX_BYTES >> 20) + " MiB, too large for a YAML file hbgen reads");
    }
    return decode(file.toString(), bytes);
  }

  /**
   * Decodes {@code bytes}; the first byte that is not UTF-8 fails as {@code path:line:col: is not
   * UTF-8 text (byte 0xE9)}, the column counted in characters as an editor shows it.
   */
  public static String decode(String path, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int bad = in.position();
      String before = new String(bytes, 0, bad, StandardCharsets.UTF_8);
      int lineStart = before.lastIndexOf('\n') + 1;
      long line = before.chars().filter(c -> c == '\n').count() + 1;
      int column = before.codePointCount(lineStart, before.length()) + 1;
      throw new UsageError(path + ":" + line + ":" + column + ": is not UTF-8 text (byte 0x"
          + String.format("%02X", bytes[bad] & 0xff) + ")");
    }
    decoder.flush(out);
    return out.flip().toString();
  }
}
