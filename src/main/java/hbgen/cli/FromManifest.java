package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.search.Manifest;
import hbgen.search.SearchDir;
import hbgen.search.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What {@code --from DIR/hbgen.yaml} takes from a manifest to write the same search again: the
 * command line, seed, space text, templates, trainer directory, code snapshot and git commit.
 *
 * @param manifestPath the manifest
 * @param command the command line that wrote the search
 * @param seed the search seed
 * @param spacePath where the space came from, as recorded
 * @param spaceText the space's text
 * @param templatesDir the search's copies of its templates
 * @param trainerDir the trainer directory, as recorded
 * @param snapshotDir the search's code snapshot, or null
 * @param gitCommit the recorded commit of the working directory, or null
 * @param configs the number of stage-0 configurations planned (what random search extended to)
 */
record FromManifest(Path manifestPath, List<String> command, long seed, String spacePath, String spaceText,
    Path templatesDir, String trainerDir, Path snapshotDir, String gitCommit, long configs) {

  /** Reads {@code manifest}; the command it recorded must be {@code expected} (generate, random or grid). */
  @SuppressWarnings("unchecked")
  static FromManifest read(Path manifest, String expected) {
    Path root = Files.isDirectory(manifest) ? manifest : manifest.toAbsolutePath().getParent();
    if (!Files.isDirectory(manifest) && !manifest.getFileName().toString().equals(Manifest.FILE)) {
      throw new UsageError(manifest + ": --from expects a search's " + Manifest.FILE);
    }
    SearchDir search = SearchDir.open(root);
    Map<String, Object> m = search.manifest();
    List<String> command = ((List<Object>) m.get("command")).stream().map(String::valueOf).toList();
    if (command.isEmpty() || !command.get(0).equals(expected)) {
      throw new UsageError(manifest + ": the search was written by 'hbgen " + (command.isEmpty() ? "?" : command.get(0))
          + "', not 'hbgen " + expected + "'; use that command with --from");
    }
    Map<String, Object> space = (Map<String, Object>) m.get("space");
    Map<String, Object> trainer = (Map<String, Object>) m.get("trainer");
    Path snapshot = m.containsKey("snapshot") ? root.resolve(Snapshot.DIR) : null;
    return new FromManifest(root.resolve(Manifest.FILE), command, ((Number) m.get("seed")).longValue(),
        String.valueOf(space.get("file")), String.valueOf(space.get("text")), root.resolve("templates"),
        String.valueOf(trainer.get("dir")), snapshot, m.get("cwd_git_commit") == null ? null : String.valueOf(m.get("cwd_git_commit")),
        search.plan().sampledConfigs());
  }

  /**
   * Parses the recorded command into a fresh command object of type {@code type}, with this
   * record attached and the output options of the current invocation.
   */
  <T> T replay(Class<T> type, SearchOptions current) {
    CommandLine cl = Main.commandLine(new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter()));
    CommandLine.ParseResult parsed;
    try {
      parsed = cl.parseArgs(command.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new UsageError(manifestPath + ": the recorded command no longer parses: " + e.getMessage());
    }
    Object cmd = parsed.subcommand().commandSpec().userObject();
    T typed = type.cast(cmd);
    SearchOptions o = ((Replayable) typed).options();
    o.output = current.output;
    o.overwrite = current.overwrite;
    o.recorded = this;
    return typed;
  }

  /** A command whose search options --from can replace. */
  interface Replayable {
    SearchOptions options();
  }
}
