package hbgen.search;

import hbgen.error.UsageError;
import hbgen.render.Utf8Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What writing a search again takes from its manifest ({@code --from DIR/hbgen.yaml}, or {@code
 * random} appending to DIR): the command line, seed, space text, templates, trainer directory and
 * the provenance of its code (the snapshot's commit and dirty flag, the working directory's commit).
 *
 * @param search the search, opened
 * @param manifestPath the manifest
 * @param command the command line that wrote the search
 * @param seed the search seed
 * @param spacePath where the space came from, as recorded
 * @param spaceText the space's text
 * @param templatesDir the search's copies of its templates
 * @param trainerDir the trainer directory, as recorded (relative to the search root when it could be)
 * @param snapshotDir the search's code snapshot, or null
 * @param snapshotCommit the git commit the snapshot was taken at, or null
 * @param snapshotDirty whether the snapshot had uncommitted changes
 * @param gitCommit the recorded commit of the working directory, or null
 * @param configs the number of stage-0 configurations planned (what random search extended to)
 */
public record RecordedSearch(SearchDir search, Path manifestPath, List<String> command, long seed, String spacePath,
    String spaceText, Path templatesDir, String trainerDir, Path snapshotDir, String snapshotCommit,
    boolean snapshotDirty, String gitCommit, long configs) {
  public RecordedSearch {
    command = List.copyOf(command);
  }

  /** Reads {@code manifest} (or DIR/hbgen.yaml); the command it recorded must be {@code expected} (generate, random or grid). */
  public static RecordedSearch read(Path manifest, String expected) {
    Path root = Files.isDirectory(manifest) ? manifest : manifest.toAbsolutePath().getParent();
    if (!Files.isDirectory(manifest) && !manifest.getFileName().toString().equals(Manifest.FILE)) {
      throw new UsageError(manifest + ": --from expects a search's " + Manifest.FILE);
    }
    SearchDir search = SearchDir.open(root);
    Path file = root.resolve(Manifest.FILE);
    YamlMap m;
    try {
      m = YamlMap.parse(file.toString(), Utf8Text.read(file));
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + AtomicFiles.describe(e));
    }
    List<String> command = m.texts("command");
    if (command.isEmpty() || !command.get(0).equals(expected)) {
      String by = command.isEmpty() ? "?" : command.get(0);
      throw new UsageError(manifest + ": the search was written by 'hbgen " + by + "', not 'hbgen " + expected
          + "': write it again with 'hbgen " + by + " --from " + manifest + " -o DIR'");
    }
    YamlMap space = m.map("space");
    Path snapshot = null;
    String snapshotCommit = null;
    boolean dirty = false;
    if (m.find("snapshot") != null) {
      snapshot = root.resolve(Snapshot.DIR);
      YamlMap s = m.map("snapshot");
      snapshotCommit = s.text("git_commit", null);
      dirty = Boolean.parseBoolean(s.text("git_dirty", "false"));
    }
    return new RecordedSearch(search, file, command, m.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        space.text("file"), space.text("text"), root.resolve("templates"), m.map("trainer").text("dir"), snapshot,
        snapshotCommit, dirty, m.text("cwd_git_commit", null), search.plan().sampledConfigs());
  }

  /** The same search, to be written with {@code other} as its command line (hbgen extend's longer plan). */
  public RecordedSearch withCommand(List<String> other) {
    return new RecordedSearch(search, manifestPath, other, seed, spacePath, spaceText, templatesDir, trainerDir,
        snapshotDir, snapshotCommit, snapshotDirty, gitCommit, configs);
  }

  /** The recorded code snapshot with its recorded provenance: the copy is not a git work tree. */
  public Snapshot snapshot() {
    return snapshotDir == null ? null : Snapshot.copy(snapshotDir, snapshotCommit, snapshotDirty);
  }
}
