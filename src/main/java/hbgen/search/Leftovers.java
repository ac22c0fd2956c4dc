package hbgen.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hidden siblings a search is written through: {@code .hbgen-tmp-NAME-PID-UUID} (the search
 * being written) and {@code .hbgen-old-NAME-PID-UUID} (the search it replaces, between the two
 * renames of {@code --overwrite}). The PID is the writing process's. A generate that was killed
 * leaves them behind; the next generate for the same target removes those whose process is gone,
 * and puts an old search back when the target is missing, so a kill never loses a search.
 */
final class Leftovers {
  static final String STAGING = ".hbgen-tmp-";
  static final String OLD = ".hbgen-old-";

  private final Path parent;
  private final String target;

  Leftovers(Path parent, String target) {
    this.parent = parent;
    this.target = target;
  }

  /** A fresh name of the given kind ({@link #STAGING} or {@link #OLD}) for this process. */
  String name(String kind) {
    return kind + target + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID();
  }

  /**
   * Removes what dead writers left and restores a search that a killed {@code --overwrite} had
   * moved aside. Best effort: a leftover that cannot be removed stays, hidden and harmless.
   */
  void recover() {
    List<Path> staging = new ArrayList<>();
    List<Path> old = new ArrayList<>();
    Pattern pattern = Pattern.compile("(" + Pattern.quote(STAGING) + "|" + Pattern.quote(OLD) + ")"
        + Pattern.quote(target) + "-(\\d{1,19})-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    try (Stream<Path> entries = Files.list(parent)) {
      for (Path p : entries.toList()) {
        Matcher m = pattern.matcher(p.getFileName().toString());
        if (m.matches() && !alive(m.group(2))) {
          (m.group(1).equals(STAGING) ? staging : old).add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      return;
    }
    Path dest = parent.resolve(target);
    for (Path p : old) {
      if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
        AtomicFiles.deleteQuietly(p); // the new search was installed before the writer died
      } else {
        try {
          Files.move(p, dest);
        } catch (IOException e) {
          // left for a later attempt: it stays hidden and whole
        }
      }
    }
    staging.forEach(AtomicFiles::deleteQuietly);
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true;
    }
  }
}
