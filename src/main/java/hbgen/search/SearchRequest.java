package hbgen.search;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.CostModel;
import hbgen.plan.Plan;
import hbgen.render.Utf8Text;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a user asked for when writing a search (generate, random, grid), before anything is read:
 * the options as values, null where not given. {@link #spec} turns it into the {@link SearchSpec}
 * that decides the search's files, reading the space, the snapshot and git; with {@code recorded},
 * the search is written again from its manifest and takes seed, space, trainer directory, code
 * snapshot and provenance from there.
 *
 * @param output the search directory to write
 * @param space the space file, or null for the bundled example's
 * @param trainer the training command, or null for the bundled example trainer
 * @param trainerDir the trainer's working directory, or null for the current one
 * @param seed the seed, or null for a random one
 * @param cost the cost model
 * @param objective the metric to optimize, or null for the default
 * @param direction minimize or maximize
 * @param retries extra attempts of a failing trial
 * @param allowDuplicates whether stage-0 configurations may repeat
 * @param snapshot the directory to copy the trainer's code from, or null
 * @param launcher the launcher settings of the command line
 * @param resumeFromParent whether trainers continue promoted configurations from a checkpoint
 * @param recorded the manifest this search is written again from, or null
 * @param incumbent the rule that names the best trial (null: the default)
 * @param sampler how stage-0 configurations are chosen (null: random draws)
 */
public record SearchRequest(Path output, Path space, String trainer, Path trainerDir, Long seed, CostModel cost,
    String objective, Direction direction, int retries, boolean allowDuplicates, Path snapshot,
    LauncherSettings launcher, boolean resumeFromParent, RecordedSearch recorded, Incumbent incumbent,
    hbgen.model.SamplerChoice sampler) {

  /** Builds the spec, with the configurations of a grid search when {@code grid} is not empty. */
  public SearchSpec spec(String strategy, Plan plan, List<String> command, List<Map<String, Object>> grid) {
    boolean example = trainer == null;
    SpaceFile spaceFile = spaceFile();
    String spacePath = spacePath();
    String obj = objective != null ? objective : example ? "loss" : "";
    if (example && objective == null && direction == Direction.MAXIMIZE) {
      obj = "accuracy";
    }
    Snapshot snap;
    String dir;
    if (recorded != null) {
      snap = recorded.snapshot();
      dir = recorded.trainerDir();
    } else {
      snap = snapshot == null ? null : Snapshot.of(snapshot);
      dir = example ? "." : snap != null ? snapshotTrainerDir(snap) : trainerDirRelativeToSearch();
    }
    long s = recorded != null ? recorded.seed() : seed != null ? seed : new SecureRandom().nextLong() >>> 1;
    String commit = recorded != null ? recorded.gitCommit() : gitCommit();
    Launcher launch = launcher.over(spaceFile, spacePath);
    try {
      return new SearchSpec(strategy, plan, cost, s, spaceFile, spacePath, obj, direction,
          example ? ExampleTrainer.COMMAND : trainer, dir, example, retries, allowDuplicates,
          command, launch, grid, snap, commit, resumeFromParent, incumbent, sampler);
    } catch (IllegalArgumentException e) {
      throw new UsageError(e.getMessage());
    }
  }

  /** The space: the recorded one, the file's, or the bundled example's. */
  public SpaceFile spaceFile() {
    if (recorded != null) {
      return SpaceFile.parse(recorded.manifestPath() + " (space.text)", recorded.spaceText());
    } else if (space != null) {
      return SpaceFile.parse(space.toString(), read(space));
    }
    return SpaceFile.parse("example-trainer/space.yaml (built-in)", ExampleTrainer.spaceText());
  }

  /** Where the space came from, as the manifest records it. */
  public String spacePath() {
    return recorded != null ? recorded.spacePath() : space != null ? space.toString() : "(bundled example space)";
  }

  /** The trainer's directory inside the snapshot: code/, plus where the cwd sits in the copied tree. */
  private String snapshotTrainerDir(Snapshot snap) {
    Path cwd = Path.of("").toAbsolutePath();
    Path at = trainerDir == null ? cwd : cwd.resolve(trainerDir).normalize();
    if (at.startsWith(snap.source())) {
      Path rel = snap.source().relativize(at);
      return rel.toString().isEmpty() ? Snapshot.DIR : Snapshot.DIR + "/" + rel;
    }
    return Snapshot.DIR;
  }

  /** The trainer directory as the manifest records it: relative to the search root when it can be. */
  public String trainerDirRelativeToSearch() {
    Path cwd = Path.of("").toAbsolutePath();
    Path dir = trainerDir == null ? cwd : cwd.resolve(trainerDir).normalize();
    if (trainerDir != null && !Files.isDirectory(dir)) {
      throw new UsageError(trainerDir + ": --trainer-dir is not a directory");
    }
    Path root = cwd.resolve(output).normalize();
    try {
      String rel = root.relativize(dir).toString();
      return rel.isEmpty() ? "." : rel;
    } catch (IllegalArgumentException e) {
      return dir.toString();
    }
  }

  /** A YAML file's text, or a usage error naming the file. */
  public static String read(Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new UsageError(file + ": is a directory, expected a YAML file");
      }
      return Utf8Text.read(file);
    } catch (NoSuchFileException e) {
      throw new UsageError(file + ": no such file");
    } catch (FileSystemException e) {
      // ENOTDIR: a parent on the path is a file
      throw new UsageError(file + ": cannot read: " + (e.getReason() != null ? e.getReason() : AtomicFiles.describe(e)));
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + AtomicFiles.describe(e));
    }
  }

  /** The commit of the working directory's git repository, if there is one. */
  static String gitCommit() {
    Path dir = Path.of("").toAbsolutePath();
    boolean inRepo = false;
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p.resolve(".git"))) {
        inRepo = true;
        break;
      }
    }
    if (!inRepo) {
      return null;
    }
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      git.getOutputStream().close();
      String out = new String(git.getInputStream().readAllBytes()).strip();
      if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && out.matches("[0-9a-f]{40,64}")) {
        return out;
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RuntimeFailure("interrupted");
    }
  }
}
