package hbgen.hardening;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A directory tree as a listing with contents (relative path to kind and digest), taken before
 * and after a command: equal snapshots mean the command wrote, renamed and deleted nothing there.
 *
 * @param entries relative path to {@code dir}, {@code link -> target} or {@code file <sha-256>}
 */
record Tree(Map<String, String> entries) {
  Tree {
    entries = Map.copyOf(entries);
  }

  /** The tree under {@code root}, symbolic links not followed; empty when root does not exist. */
  static Tree of(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return new Tree(out);
    }
    Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        out.put(name(root, dir), "dir");
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String kind;
        if (attrs.isSymbolicLink()) {
          kind = "link -> " + Files.readSymbolicLink(file);
        } else if (attrs.isRegularFile()) {
          kind = "file " + sha256(Files.readAllBytes(file));
        } else {
          kind = "other";
        }
        out.put(name(root, file), kind);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult visitFileFailed(Path file, IOException e) {
        out.put(name(root, file), "unreadable");
        return FileVisitResult.CONTINUE;
      }
    });
    return new Tree(out);
  }

  private static String name(Path root, Path p) {
    String rel = root.relativize(p).toString();
    return rel.isEmpty() ? "." : rel;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
