package hbgen.search;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A copy of the trainer's code taken when a search is written, so that later edits to the
 * original tree do not change what runs. In a git work tree: the tracked files and the untracked,
 * unignored ones as they are on disk (uncommitted changes included), plus the commit and whether
 * the tree was dirty; elsewhere every file below the directory.
 *
 * @param source the directory copied
 * @param files the files to copy, relative to {@code source}
 * @param commit the git commit of the work tree, or null
 * @param dirty whether the work tree had uncommitted changes
 */
public record Snapshot(Path source, List<Path> files, String commit, boolean dirty) {
  /** Directory inside a search that holds the copy. */
  public static final String DIR = "code";

  public Snapshot {
    files = List.copyOf(files);
  }

  /** Takes stock of {@code source} (nothing is copied yet). */
  public static Snapshot of(Path source) {
    Path dir = source.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UsageError(source + ": --snapshot must name a directory");
    }
    String top = git(dir, "rev-parse", "--show-toplevel");
    if (top != null) {
      String list = git(dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard", ".");
      List<Path> files = new ArrayList<>();
      for (String f : list.split("\0")) {
        if (!f.isEmpty() && Files.isRegularFile(dir.resolve(f), LinkOption.NOFOLLOW_LINKS)) {
          files.add(Path.of(f));
        }
      }
      String commit = git(dir, "rev-parse", "HEAD");
      String status = git(dir, "status", "--porcelain", ".");
      return new Snapshot(dir, files, commit == null ? null : commit.strip(), status != null && !status.isBlank());
    }
    return new Snapshot(dir, walk(source, dir), null, false);
  }

  /**
   * A snapshot of a search's copy of the code ({@code DIR/code}), to write the search again: every
   * file of the copy, with the provenance recorded when the copy was taken (the copy itself is not
   * a git work tree, so it cannot tell).
   */
  public static Snapshot copy(Path copy, String commit, boolean dirty) {
    Path dir = copy.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new UsageError(copy + ": the search's code snapshot is missing");
    }
    return new Snapshot(dir, walk(copy, dir), commit, dirty);
  }

  private static List<Path> walk(Path source, Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .map(dir::relativize)
          .filter(p -> !p.startsWith(".git"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UsageError(source + ": cannot read: " + AtomicFiles.describe(e));
    }
  }

  /** Copies the files into {@code target} (a fresh directory). */
  public void copyTo(Path target) {
    try {
      for (Path f : files) {
        Path to = target.resolve(f.toString());
        Files.createDirectories(to.getParent());
        Files.copy(source.resolve(f.toString()), to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new RuntimeFailure(target + ": cannot copy the code snapshot: " + AtomicFiles.describe(e), e);
    }
  }

  private static String git(Path dir, String... args) {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
