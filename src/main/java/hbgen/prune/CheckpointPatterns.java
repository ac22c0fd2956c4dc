package hbgen.prune;

import hbgen.search.Layout;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Which entries of a trial directory are checkpoints: names matching one of the globs (default
 * {@code checkpoint*}), never a file of hbgen's own, whatever the globs say.
 */
public final class CheckpointPatterns {
  /** The globs used when none is given. */
  public static final List<String> DEFAULT = List.of("checkpoint*");

  /**
   * The files hbgen, run.sh, the promotion and Snakemake write in a trial directory (log.1, log.2,
   * ... are earlier logs). Their temporary files
   * ({@code NAME.XXXXXX} from run.sh's mktemp, {@code .NAME.*} from hbgen's and the workflow's
   * atomic writes) are protected too.
   */
  public static final List<String> OWN_FILES = Stream.concat(Layout.MARKERS.stream(),
      Stream.of(Layout.RESULT_NEW, ".slurm-job")).toList();

  private final List<String> globs;
  private final List<PathMatcher> matchers;

  /** Checks and compiles the globs; a glob names entries directly inside a trial directory. */
  public CheckpointPatterns(List<String> globs) {
    if (globs.isEmpty()) {
      throw new IllegalArgumentException("at least one pattern is needed");
    }
    List<PathMatcher> compiled = new ArrayList<>();
    for (String g : globs) {
      if (g == null || g.isBlank()) {
        throw new IllegalArgumentException("a pattern must not be empty");
      }
      if (g.contains("/")) {
        throw new IllegalArgumentException("pattern '" + g + "' contains '/': patterns match names directly inside a trial directory");
      }
      try {
        compiled.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("pattern '" + g + "' is not a valid glob: " + e.getDescription());
      }
    }
    this.globs = List.copyOf(globs);
    this.matchers = List.copyOf(compiled);
  }

  /** The default patterns. */
  public static CheckpointPatterns defaults() {
    return new CheckpointPatterns(DEFAULT);
  }

  /** The globs, as given. */
  public List<String> globs() {
    return globs;
  }

  /** Whether the entry named {@code name} is a checkpoint to delete. */
  public boolean matches(String name) {
    if (own(name)) {
      return false;
    }
    Path p = Path.of(name);
    return matchers.stream().anyMatch(m -> m.matches(p));
  }

  /** Whether {@code name} is one of hbgen's own files or one of their temporary files. */
  public static boolean own(String name) {
    for (String f : OWN_FILES) {
      if (name.equals(f) || name.startsWith(f + ".") || name.startsWith("." + f + ".")) {
        return true;
      }
    }
    return false;
  }
}
