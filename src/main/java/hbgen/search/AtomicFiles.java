package hbgen.search;

import hbgen.error.RuntimeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Files written whole: a temporary file in the same directory, then an atomic rename. */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes {@code text} to {@code target} so that readers see the old file or the new, never a part. */
  public static void write(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes version of {@link #write(Path, String)}. */
  public static void write(Path target, byte[] bytes) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
      Files.write(tmp, bytes);
      // createTempFile makes the file private; keep the mode the target had, else rw-r--r--.
      java.util.Set<java.nio.file.attribute.PosixFilePermission> mode = Files.exists(target)
          ? Files.getPosixFilePermissions(target)
          : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
      Files.setPosixFilePermissions(tmp, mode);
      move(tmp, target);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new RuntimeFailure(target + ": cannot write: " + describe(e), e);
    }
  }

  /** Renames atomically where the file system can, replacing the target. */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Deletes a file or a whole tree, ignoring what is already gone. */
  public static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  static void deleteQuietly(Path p) {
    try {
      deleteTree(p);
    } catch (IOException | UncheckedIOException e) {
      // best effort: the caller is already reporting the original failure
    }
  }

  /** An I/O error in words a user can act on. */
  public static String describe(IOException e) {
    String kind = switch (e.getClass().getSimpleName()) {
      case "AccessDeniedException" -> "permission denied";
      case "NoSuchFileException" -> "no such file or directory";
      case "FileAlreadyExistsException" -> "already exists";
      case "NotDirectoryException" -> "not a directory";
      case "DirectoryNotEmptyException" -> "directory not empty";
      case "FileSystemException" -> e.getMessage() != null && e.getMessage().contains("space") ? "no space left on device" : e.getMessage();
      default -> e.getMessage();
    };
    String file = e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? " (" + f.getFile() + ")" : "";
    return kind + file;
  }
}
