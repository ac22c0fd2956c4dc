package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.render.Utf8Text;
import hbgen.search.Manifest;
import hbgen.search.SearchDir;
import hbgen.search.Snapshot;
import hbgen.search.YamlMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  static FromManifest read(Path manifest, String expected) {
    Path root = Files.isDirectory(manifest) ? manifest : manifest.toAbsolutePath().getParent();
    if (!Files.isDirectory(manifest) && !manifest.getFileName().toString().equals(Manifest.FILE)) {
      throw new UsageError(manifest + ": --from expects a search's " + Manifest.FILE);
    }
    SearchDir search = SearchDir.open(root);
    Path file = root.resolve(Manifest.FILE);
    YamlMap m;
    try {
      m = YamlMap.parse(file.toString(), Utf8Text.read(file));
    } catch (java.io.IOException e) {
      throw new UsageError(file + ": cannot read: " + hbgen.search.AtomicFiles.describe(e));
    }
    List<String> command = m.texts("command");
    if (command.isEmpty() || !command.get(0).equals(expected)) {
      throw new UsageError(manifest + ": the search was written by 'hbgen " + (command.isEmpty() ? "?" : command.get(0))
          + "', not 'hbgen " + expected + "'; use that command with --from");
    }
    YamlMap space = m.map("space");
    Path snapshot = m.find("snapshot") != null ? root.resolve(Snapshot.DIR) : null;
    return new FromManifest(file, command, m.whole("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        space.text("file"), space.text("text"), root.resolve("templates"), m.map("trainer").text("dir"), snapshot,
        m.text("cwd_git_commit", null), search.plan().sampledConfigs());
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
