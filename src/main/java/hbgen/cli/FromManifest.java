package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.search.RecordedSearch;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes a search again from its manifest ({@code --from DIR/hbgen.yaml}, or random appending to
 * DIR): the recorded command line is parsed again into a fresh command, which takes this
 * invocation's {@code -o} and {@code --overwrite}. Options given now must agree with the manifest
 * ({@link ManifestOptions}); the others are inherited.
 */
final class FromManifest {
  private FromManifest() {}

  /** A command whose search options --from can replace. */
  interface Replayable {
    SearchOptions options();
  }

  /**
   * Parses {@code recorded}'s command into a fresh command object of type {@code type}, after
   * checking the options of the current invocation ({@code current}, whose options are {@code
   * options}) against it.
   *
   * @param counted the label of a positional parameter the current invocation may change (random's N), or null
   */
  static <T extends Replayable> T replay(RecordedSearch recorded, Class<T> type, CommandSpec current,
      SearchOptions options, String counted) {
    CommandSpec replayedSpec = parse(recorded, recorded.command());
    ManifestOptions.check(current.commandLine().getParseResult(), replayedSpec, recorded, counted);
    T typed = type.cast(replayedSpec.userObject());
    SearchOptions o = typed.options();
    o.output = options.output;
    o.overwrite = options.overwrite;
    o.yes = options.yes;
    o.recorded = recorded;
    return typed;
  }

  /** Parses {@code command} (the recorded one, or one derived from it) into a fresh command's spec. */
  static CommandSpec parse(RecordedSearch recorded, java.util.List<String> command) {
    CommandLine cl = Main.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
    try {
      return cl.parseArgs(command.toArray(String[]::new)).subcommand().commandSpec();
    } catch (CommandLine.ParameterException e) {
      throw new UsageError(recorded.manifestPath() + ": the recorded command no longer parses: " + e.getMessage());
    }
  }
}
