package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.prune.CheckpointPatterns;
import hbgen.prune.Pruner;
import hbgen.search.SearchDir;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hbgen prune-checkpoints DIR}: frees scratch space (bytes and inodes) by deleting the
 * checkpoints of trials that were not promoted, once their stage's promotion is done.
 */
@Command(name = "prune-checkpoints", mixinStandardHelpOptions = true,
    description = {"Delete the checkpoints of trials that were not promoted, once the promotion out of their stage is done.",
        "Promoted trials keep theirs (the next stage resumes from them); so does every trial of a bracket's last stage"
            + " (the trained models).",
        "Never deleted, whatever the patterns: results, logs and hbgen's own files (config, promoted-from, started, log,"
            + " result, result.new, failed, skipped, the Slurm job marker) and their temporary files.",
        "Safe to run while the search runs, and again later."},
    footer = {"", "Examples:", "  hbgen prune-checkpoints my-search --dry-run",
        "  hbgen prune-checkpoints my-search --pattern 'checkpoint*' --pattern '*.pt'"})
public final class PruneCheckpointsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--pattern", paramLabel = "GLOB",
      description = "Names of checkpoint files or directories inside a trial directory (repeatable). Default: checkpoint*.")
  List<String> patterns = new ArrayList<>();

  @Option(names = "--dry-run", description = "Only print what would be deleted.")
  boolean dryRun;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary line, not every entry.")
  boolean quiet;

  @Override public Integer call() {
    CheckpointPatterns globs;
    try {
      globs = patterns.isEmpty() ? CheckpointPatterns.defaults() : new CheckpointPatterns(patterns);
    } catch (IllegalArgumentException e) {
      throw new UsageError("--pattern: " + e.getMessage());
    }
    SearchDir search = dir.open();
    Pruner.Report report = Pruner.prune(search, globs, dryRun);
    PrintWriter out = spec.commandLine().getOut();
    if (!quiet) {
      for (Pruner.Entry e : report.entries()) {
        out.printf("%s %s%s (%s)%n", dryRun ? "would delete" : "deleted", e.path(),
            e.directories() > 0 ? "/" : "", size(e.bytes()));
      }
    }
    out.println(summary(report, String.join(" ", globs.globs())));
    out.flush();
    return ExitCode.OK;
  }

  static String summary(Pruner.Report r, String globs) {
    String promotions = r.promotionsDone() + " of " + r.promotionsPlanned() + " promotions done";
    if (r.promotionsPlanned() == 0) {
      return "Nothing to delete: every bracket has a single stage, whose trials keep their checkpoints (the trained models).";
    }
    if (r.promotionsDone() == 0) {
      return "Nothing to delete yet: no promotion is done (0 of " + r.promotionsPlanned()
          + "); a trial's checkpoints can go once the promotion out of its stage is done.";
    }
    if (r.entries().isEmpty()) {
      return String.format(Locale.ROOT, "Nothing to delete: no entry matching %s in the %d trial directories not promoted (%s).",
          globs, r.prunable(), promotions);
    }
    return String.format(Locale.ROOT, "%s %d %s and %d %s (%s, %d bytes) in %d of the %d trial directories not promoted (%s).",
        r.dryRun() ? "Would delete" : "Deleted", r.files(), r.files() == 1 ? "file" : "files",
        r.directories(), r.directories() == 1 ? "directory" : "directories", size(r.bytes()), r.bytes(),
        r.trials(), r.prunable(), promotions);
  }

  /** Bytes in binary units with one decimal, e.g. {@code 31.2 KiB}. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u + 1 < units.length) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
