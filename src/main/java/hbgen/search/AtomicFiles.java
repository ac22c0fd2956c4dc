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
      // The temporary file's name says nothing to the user: name the target only.
      boolean aboutTmp = e instanceof java.nio.file.FileSystemException f && f.getFile() != null
          && isTemporaryOf(Path.of(f.getFile()).toAbsolutePath(), dir, target);
      throw new RuntimeFailure(target + ": cannot write: " + (aboutTmp ? reason(e) : describe(e)), e);
    }
  }

  private static boolean isTemporaryOf(Path file, Path dir, Path target) {
    return dir.equals(file.getParent()) && file.getFileName().toString().startsWith("." + target.getFileName() + ".")
        && file.getFileName().toString().endsWith(".tmp");
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

  /**
   * Deletes a file or tree, best effort: the caller is already reporting the failure that made it
   * garbage. Callers delete only what no other thread still writes (SearchWriter waits for all its
   * writers before it cleans up).
   */
  static void deleteQuietly(Path p) {
    try {
      deleteTree(p);
    } catch (IOException | UncheckedIOException e) {
      // left behind: hidden, and removed by the next generate (Leftovers)
    }
  }


  /**
   * An I/O error in words a user can act on: the system's reason ("no space left on device",
   * "read-only file system", "permission denied"), then the file it concerns when Java names one.
   */
  public static String describe(IOException e) {
    String[] fileAndReason = fileAndReason(e);
    return fileAndReason[1] + (fileAndReason[0] != null ? " (" + fileAndReason[0] + ")" : "");
  }

  /** The system's reason alone, without the file. */
  public static String reason(IOException e) {
    return fileAndReason(e)[1];
  }

  private static String[] fileAndReason(IOException e) {
    String file = null;
    String reason;
    if (e instanceof java.nio.file.FileSystemException f) {
      file = f.getFile();
      reason = switch (e.getClass().getSimpleName()) {
        case "AccessDeniedException" -> "permission denied";
        case "NoSuchFileException" -> "no such file or directory";
        case "FileAlreadyExistsException" -> "already exists";
        case "NotDirectoryException" -> "not a directory";
        case "DirectoryNotEmptyException" -> "directory not empty";
        default -> f.getReason();
      };
    } else {
      reason = e.getMessage();
      // java.io reports "PATH (REASON)", for instance when a redirect target cannot be opened
      java.util.regex.Matcher m = reason == null ? null : java.util.regex.Pattern.compile("(.+) \\(([^()]+)\\)").matcher(reason);
      if (e instanceof java.io.FileNotFoundException && m != null && m.matches()) {
        file = m.group(1);
        reason = m.group(2);
      }
    }
    if (reason == null || reason.isBlank()) {
      reason = "input/output error (" + e.getClass().getSimpleName() + ")";
    } else if (reason.length() > 1 && Character.isUpperCase(reason.charAt(0)) && Character.isLowerCase(reason.charAt(1))) {
      reason = Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
    return new String[] {file, reason};
  }
}
