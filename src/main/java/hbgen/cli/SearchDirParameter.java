package hbgen.cli;

import hbgen.search.SearchDir;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The {@code DIR} parameter of the commands that read a search (status, results, best, report, run, prune-checkpoints). */
final class SearchDirParameter {
  @Parameters(index = "0", paramLabel = "DIR", description = "The search directory (written by hbgen generate, random or grid).")
  Path dir;

  /** The directory as given. */
  Path path() {
    return dir;
  }

  /** The search in it, or a usage error saying why it is not one. */
  SearchDir open() {
    return SearchDir.open(dir);
  }
}
