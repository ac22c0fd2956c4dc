package hbgen.prune;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.run.PromotionFiles;
import hbgen.run.Schedule;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Hyperband search on disk ({@code generate 2 3}, minimize a bare number) whose trials are
 * finished by hand: each gets a result, a log, a {@code checkpoint.json} of {@link #CHECKPOINT}
 * bytes and a {@code checkpoints/} directory holding one file of {@link #SHARD} bytes. Promotions
 * are hbgen's own ({@link PromotionFiles}, what {@code hbgen run} writes).
 */
public final class PruneFixture {
  /** Size of every trial's checkpoint.json. */
  public static final int CHECKPOINT = 100;
  /** Size of the file in every trial's checkpoints/ directory. */
  public static final int SHARD = 1000;

  /** The search. */
  public final SearchDir search;

  private PruneFixture(SearchDir search) {
    this.search = search;
  }

  /** Writes the search to {@code dir}: bracket 0 has stages of 9, 3 and 1 trials, bracket 1 of 5 and 1, bracket 2 of 3. */
  public static PruneFixture create(Path dir) {
    Cli.Run r = Cli.run("generate", "2", "3", "-o", dir.toString(), "--random-seed", "1", "--trainer", "true");
    assertThat(r.code()).as(r.err()).isZero();
    return new PruneFixture(SearchDir.open(dir));
  }

  /** Finishes every trial of a stage; trial c reports {@code (c * 5) % 9}, so the promoted ones are not simply the first. */
  public PruneFixture finish(int bracket, int stage) throws IOException {
    long configs = search.plan().bracket(bracket).stages().get(stage).configs();
    for (long c = 0; c < configs; c++) {
      Path dir = search.dir(new TrialId(bracket, stage, c));
      Files.createDirectories(dir.resolve("checkpoints"));
      Files.writeString(dir.resolve("result"), (c * 5) % 9 + "\n");
      Files.writeString(dir.resolve("log"), "trained\n");
      Files.writeString(dir.resolve("started"), "pid: 1\n");
      Files.write(dir.resolve("checkpoint.json"), new byte[CHECKPOINT]);
      Files.write(dir.resolve("checkpoints/shard-0"), new byte[SHARD]);
    }
    return this;
  }

  /** Promotes stage {@code stage - 1} of a bracket into {@code stage}. */
  public PruneFixture promote(int bracket, int stage) {
    PromotionFiles.promote(search, new Schedule.StageRef(bracket, stage));
    return this;
  }

  /** A trial's directory. */
  public Path dir(String trial) {
    return search.root().resolve(trial);
  }
}
