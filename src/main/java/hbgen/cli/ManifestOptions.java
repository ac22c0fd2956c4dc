package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.render.TemplateEngine;
import hbgen.search.LauncherSettings;
import hbgen.search.RecordedSearch;
import hbgen.search.SearchRequest;
import hbgen.search.Snapshot;
import hbgen.search.SpaceFile;
import hbgen.trial.Direction;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * Refuses an option given again, when a search is appended to or written again from its manifest,
 * whose value differs from the one the search was written with (issue 13: such options were
 * ignored). The same value is accepted; an option left out keeps the search's. Values are
 * compared as the search uses them: the space and the templates by content, the trainer
 * directory as a path, Slurm settings after merging with the space's {@code slurm:} section.
 */
final class ManifestOptions {
  /** Options about where and how to write, not what: they may differ. */
  private static final Set<String> FREE = Set.of("--output-dir", "--overwrite", "--yes", "--from", "--debug", "--help", "--version");

  private final RecordedSearch recorded;
  private final Map<String, Object> manifest;

  private ManifestOptions(RecordedSearch recorded) {
    this.recorded = recorded;
    this.manifest = recorded.search().manifest();
  }

  /**
   * Checks the options matched in {@code given} against {@code recorded} and the recorded command
   * as parsed again ({@code replayed}).
   *
   * @param counted the label of the positional parameter that may change (random's N), or null
   */
  static void check(ParseResult given, CommandSpec replayed, RecordedSearch recorded, String counted) {
    ManifestOptions m = new ManifestOptions(recorded);
    for (OptionSpec o : given.matchedOptions()) {
      if (!FREE.contains(o.longestName())) {
        m.option(given, o, replayed);
      }
    }
    for (PositionalParamSpec p : given.matchedPositionals()) {
      if (!p.paramLabel().equals(counted) && p.index().min() < replayed.positionalParameters().size()) {
        Object old = replayed.positionalParameters().get(p.index().min()).getValue();
        same(p.paramLabel(), p.getValue(), p.paramLabel(), old);
      }
    }
  }

  private void option(ParseResult given, OptionSpec o, CommandSpec replayed) {
    String name = o.longestName();
    Object value = o.getValue();
    switch (name) {
      case "--minimize", "--maximize" -> {
        if (given.hasMatchedOption("--minimize") && given.hasMatchedOption("--maximize")) {
          throw new UsageError("--minimize and --maximize exclude each other");
        }
        Direction now = name.equals("--maximize") ? Direction.MAXIMIZE : Direction.MINIMIZE;
        if (now != recorded.search().direction()) {
          throw new UsageError(name + " differs from the search's direction " + recorded.search().direction().label());
        }
      }
      case "--objective" -> same(name, value, "objective", recorded.search().objective());
      case "--trainer" -> same(name, value, "trainer", at("trainer", "command"));
      case "--random-seed" -> same(name, value, "seed", recorded.seed());
      case "--retries" -> same(name, value, "retries", number(at("retries")));
      case "--allow-duplicates" -> same(name, value, "allow_duplicates", at("allow_duplicates"));
      case "--resume-from-parent" -> same(name, value, "resume_from_parent", at("resume_from_parent"));
      case "--repetitions" -> same(name, value, "repetitions", number(at("cost", "repetitions")));
      case "--folds" -> same(name, value, "folds", number(at("cost", "folds")));
      case "--cost-one-epoch-full-dataset" -> same(name, value, "epoch hours", number(at("cost", "epoch_hours")));
      case "--space" -> space(name, (Path) value);
      case "--trainer-dir" -> trainerDir(name, (Path) value, replayed);
      case "--template-dir" -> templates(name, (Path) value);
      case "--snapshot" -> snapshot(name, (Path) value);
      default -> {
        if (name.equals("--launcher") || name.startsWith("--slurm-") || name.startsWith("--lsf-")) {
          launcher(given, name);
        } else {
          OptionSpec old = replayed.findOption(name);
          same(name, value, name.replaceFirst("^-+", "").replace('-', ' '), old == null ? null : old.getValue());
        }
      }
    }
  }

  /** The manifest's value at a path of keys, or null. */
  private Object at(String... keys) {
    Object v = manifest;
    for (String k : keys) {
      v = v instanceof Map<?, ?> m ? m.get(k) : null;
    }
    return v;
  }

  private static Object number(Object v) {
    return v instanceof Number n ? n : v;
  }

  private static void same(String option, Object now, String what, Object old) {
    boolean equal = now instanceof Number a && old instanceof Number b ? a.doubleValue() == b.doubleValue()
        : Objects.equals(String.valueOf(now), String.valueOf(old));
    if (!equal) {
      throw new UsageError(option + " " + show(now) + " differs from the search's " + what + " " + show(old));
    }
  }

  private static String show(Object v) {
    return v == null ? "(none)" : v instanceof String s ? "'" + s + "'" : String.valueOf(v);
  }

  private void space(String name, Path file) {
    SpaceFile now = SpaceFile.parse(file.toString(), SearchRequest.read(file));
    SpaceFile old = SpaceFile.parse(recorded.manifestPath() + " (space.text)", recorded.spaceText());
    if (!now.space().equals(old.space()) || !now.slurm().equals(old.slurm()) || !now.lsf().equals(old.lsf())) {
      throw new UsageError(name + " " + file + " differs from the search's space " + recorded.spacePath()
          + " (as recorded in " + recorded.manifestPath() + ")");
    }
  }

  private void trainerDir(String name, Path dir, CommandSpec replayed) {
    if (recorded.snapshotDir() != null) {
      // The trainer runs from the search's copy of the code: the option only located it in the tree.
      OptionSpec old = replayed.findOption(name);
      same(name, dir, "trainer dir", old == null ? null : old.getValue());
      return;
    }
    Path root = recorded.search().root().toAbsolutePath();
    SearchRequest asked = new SearchRequest(root, null, "", dir, null, null, null, Direction.MINIMIZE, 0, false,
        null, LauncherSettings.none(), false, null, null, null);
    Path now = root.resolve(asked.trainerDirRelativeToSearch()).normalize();
    Path old = root.resolve(recorded.trainerDir()).normalize();
    if (!now.equals(old)) {
      throw new UsageError(name + " " + dir + " differs from the search's trainer dir " + old);
    }
  }

  private void templates(String name, Path dir) {
    TemplateEngine now = new TemplateEngine(dir);
    TemplateEngine old = new TemplateEngine(recorded.templatesDir());
    for (String template : TemplateEngine.BUILT_INS) {
      if (!now.source(template).equals(old.source(template))) {
        throw new UsageError(name + " " + dir + " differs from the search's templates " + recorded.templatesDir()
            + " (" + template + ")");
      }
    }
  }

  private void snapshot(String name, Path dir) {
    if (recorded.snapshotDir() == null) {
      throw new UsageError(name + " " + dir + " differs from the search's snapshot (none: the trainer runs from its own directory)");
    }
    Snapshot now = Snapshot.of(dir);
    boolean same = now.commit() != null && now.commit().equals(recorded.snapshotCommit()) && !now.dirty()
        && !recorded.snapshotDirty();
    if (!same) {
      throw new UsageError(name + " " + dir + " (" + provenance(now.commit(), now.dirty())
          + ") differs from the search's snapshot (" + provenance(recorded.snapshotCommit(), recorded.snapshotDirty())
          + ")");
    }
  }

  private static String provenance(String commit, boolean dirty) {
    return commit == null ? "not a git work tree" : "commit " + commit + (dirty ? " with uncommitted changes" : "");
  }

  /** A launcher option: the merged setting must be the one the manifest records. */
  private void launcher(ParseResult given, String name) {
    SearchOptions options = ((FromManifest.Replayable) given.commandSpec().userObject()).options();
    SpaceFile space = SpaceFile.parse(recorded.manifestPath() + " (space.text)", recorded.spaceText());
    Map<String, Object> now = options.launcherSettings().over(space, recorded.spacePath()).manifest();
    String section = name.startsWith("--lsf-") ? "lsf" : "slurm";
    String key = name.equals("--launcher") ? "kind" : name.substring(("--" + section + "-").length()).replace('-', '_');
    Object old = key.equals("kind") ? at("launcher", "kind") : at("launcher", section, key);
    Object value = key.equals("kind") ? now.get("kind") : now.get(section) instanceof Map<?, ?> s ? s.get(key) : null;
    if (!String.valueOf(value).equals(String.valueOf(old))) {
      throw new UsageError(name + " " + show(value) + " differs from the search's " + (key.equals("kind") ? "launcher" : section + " " + key)
          + " " + show(old));
    }
  }
}
