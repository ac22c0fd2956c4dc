package hbgen.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hbgen.error.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrunerTest {
  @TempDir Path tmp;

  /** Bracket 0's stage 0 finished and promoted into stage 1 (configs 0, 2 and 4 report 0, 1 and 2: they go on). */
  PruneFixture promotedOnce() throws IOException {
    return PruneFixture.create(tmp.resolve("s")).finish(0, 0).promote(0, 1);
  }

  static Map<String, Long> tree(Path root) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        out.put(root.relativize(p).toString(), Files.isRegularFile(p) ? Files.size(p) : -1);
      }
    }
    return out;
  }

  @Test
  void theCheckpointsOfTrialsNotPromotedGoAndEverythingElseStays() throws IOException {
    PruneFixture f = promotedOnce();
    Map<String, Long> before = tree(f.search.root());

    Pruner.Report r = Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(r.entries()).extracting(Pruner.Entry::path).containsExactly(
        "bracket-0/stage-0/config-1/checkpoint.json", "bracket-0/stage-0/config-1/checkpoints",
        "bracket-0/stage-0/config-3/checkpoint.json", "bracket-0/stage-0/config-3/checkpoints",
        "bracket-0/stage-0/config-5/checkpoint.json", "bracket-0/stage-0/config-5/checkpoints",
        "bracket-0/stage-0/config-6/checkpoint.json", "bracket-0/stage-0/config-6/checkpoints",
        "bracket-0/stage-0/config-7/checkpoint.json", "bracket-0/stage-0/config-7/checkpoints",
        "bracket-0/stage-0/config-8/checkpoint.json", "bracket-0/stage-0/config-8/checkpoints");
    assertThat(r.files()).isEqualTo(12);
    assertThat(r.directories()).isEqualTo(6);
    assertThat(r.bytes()).isEqualTo(6L * (PruneFixture.CHECKPOINT + PruneFixture.SHARD));
    assertThat(r.trials()).isEqualTo(6);
    assertThat(r.prunable()).isEqualTo(6);
    assertThat(r.promotionsDone()).isEqualTo(1);
    assertThat(r.promotionsPlanned()).isEqualTo(3);

    Map<String, Long> expected = new TreeMap<>(before);
    for (Pruner.Entry e : r.entries()) {
      expected.keySet().removeIf(k -> k.equals(e.path()) || k.startsWith(e.path() + "/"));
    }
    assertThat(tree(f.search.root())).isEqualTo(expected);
    for (String kept : List.of("config-0", "config-2", "config-4")) {
      assertThat(f.dir("bracket-0/stage-0/" + kept + "/checkpoint.json")).as("promoted: the next stage resumes from it").exists();
    }
  }

  @Test
  void aDryRunReportsTheSameAndDeletesNothing() throws IOException {
    PruneFixture f = promotedOnce();
    Map<String, Long> before = tree(f.search.root());

    Pruner.Report dry = Pruner.prune(f.search, CheckpointPatterns.defaults(), true);

    assertThat(tree(f.search.root())).isEqualTo(before);
    assertThat(dry.dryRun()).isTrue();
    Pruner.Report real = Pruner.prune(f.search, CheckpointPatterns.defaults(), false);
    assertThat(real.entries()).isEqualTo(dry.entries());
  }

  @Test
  void pruningAgainFindsNothingMore() throws IOException {
    PruneFixture f = promotedOnce();
    Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(Pruner.prune(f.search, CheckpointPatterns.defaults(), false).entries()).isEmpty();
  }

  @Test
  void evenAPatternMatchingEverythingLeavesHbgensFilesResultsAndLogs() throws IOException {
    PruneFixture f = promotedOnce();
    Path trial = f.dir("bracket-0/stage-0/config-1");
    Files.writeString(trial.resolve("failed"), "reason: 'x'\n");
    Files.writeString(trial.resolve("model.pt"), "weights");

    Pruner.prune(f.search, new CheckpointPatterns(List.of("*")), false);

    try (Stream<Path> s = Files.list(trial)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("config", "failed", "log", "result", "started");
    }
  }

  @Test
  void theLaterStagesKeepTheirCheckpointsUntilTheirOwnPromotionIsDone() throws IOException {
    PruneFixture f = promotedOnce().finish(0, 1).finish(1, 0).finish(2, 0);

    Pruner.Report first = Pruner.prune(f.search, CheckpointPatterns.defaults(), false);
    assertThat(first.entries()).allMatch(e -> e.trial().bracket() == 0 && e.trial().stage() == 0);

    f.promote(0, 2).promote(1, 1).finish(0, 2).finish(1, 1);
    Pruner.Report second = Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(second.entries()).extracting(e -> e.trial().path()).doesNotContain(
        "bracket-0/stage-2/config-0", "bracket-1/stage-1/config-0", "bracket-2/stage-0/config-0");
    assertThat(second.trials()).isEqualTo(2 + 4);
    assertThat(second.promotionsDone()).isEqualTo(3);
    assertThat(f.dir("bracket-0/stage-2/config-0/checkpoint.json")).as("a last stage: the trained model").exists();
    assertThat(f.dir("bracket-2/stage-0/config-1/checkpoint.json")).exists();
  }

  @Test
  void aTrialEitherRecordCallsPromotedKeepsItsCheckpoints() throws IOException {
    PruneFixture f = promotedOnce();
    Path record = f.dir("bracket-0/stage-1/promotion.yaml");
    // The ranking forgets config-2; the promoted-from file of stage 1 still names it.
    Files.writeString(record, Files.readString(record).replace(
        "bracket-0/stage-0/config-2, value: 1, promoted_to: bracket-0/stage-1/config-1",
        "bracket-0/stage-0/config-2, value: 1, promoted_to: null"));
    // And no promoted-from names config-4; the ranking still does.
    Files.delete(f.dir("bracket-0/stage-1/config-2/promoted-from"));

    Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(f.dir("bracket-0/stage-0/config-2/checkpoint.json")).exists();
    assertThat(f.dir("bracket-0/stage-0/config-4/checkpoint.json")).exists();
    assertThat(f.dir("bracket-0/stage-0/config-1/checkpoint.json")).doesNotExist();
  }

  @Test
  void aTrialWithoutItsResultIsBeingRunAgainAndKeepsItsCheckpoints() throws IOException {
    PruneFixture f = promotedOnce();
    Files.delete(f.dir("bracket-0/stage-0/config-3/result"));

    Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(f.dir("bracket-0/stage-0/config-3/checkpoint.json")).exists();
  }

  @Test
  void aTrialWhoseResultIsNewerThanThePromotionRanAgainAndKeepsItsCheckpoints() throws IOException {
    PruneFixture f = promotedOnce();
    FileTime promoted = Files.getLastModifiedTime(f.dir("bracket-0/stage-1/promotion.yaml"));
    Files.setLastModifiedTime(f.dir("bracket-0/stage-0/config-6/result"), FileTime.fromMillis(promoted.toMillis() + 2000));

    Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(f.dir("bracket-0/stage-0/config-6/checkpoint.json")).exists();
    assertThat(f.dir("bracket-0/stage-0/config-7/checkpoint.json")).doesNotExist();
  }

  @Test
  void aSymbolicLinkIsDeletedButNotWhatItPointsTo() throws IOException {
    PruneFixture f = promotedOnce();
    Path outside = Files.createDirectories(tmp.resolve("store"));
    Files.writeString(outside.resolve("weights.bin"), "keep me");
    Path link = f.dir("bracket-0/stage-0/config-1/checkpoint-link");
    Files.createSymbolicLink(link, outside);

    Pruner.Report r = Pruner.prune(f.search, CheckpointPatterns.defaults(), false);

    assertThat(link).doesNotExist();
    assertThat(outside.resolve("weights.bin")).hasContent("keep me");
    assertThat(r.entries()).filteredOn(e -> e.name().equals("checkpoint-link"))
        .singleElement().satisfies(e -> assertThat(e.files()).isEqualTo(1));
  }

  @Test
  void aBrokenPromotionRecordIsAUsageErrorNamingTheFile() throws IOException {
    PruneFixture f = promotedOnce();
    Path record = f.dir("bracket-0/stage-1/promotion.yaml");
    Files.writeString(record, "bracket: 0\nranking: [{trial: nowhere, promoted_to: x}]\n");

    assertThatThrownBy(() -> Pruner.prune(f.search, CheckpointPatterns.defaults(), false))
        .isInstanceOf(UsageError.class)
        .hasMessage(record + ": not a trial path (bracket-I/stage-J/config-K): nowhere");
    Files.writeString(record, "ranking: 3\n");
    assertThatThrownBy(() -> Pruner.prune(f.search, CheckpointPatterns.defaults(), false))
        .isInstanceOf(UsageError.class)
        .hasMessage(record + ": not a promotion record (expected a map with a 'ranking' list)");
  }

  @Test
  void aRecordNamingATrialOfAnotherStageIsAUsageError() throws IOException {
    PruneFixture f = promotedOnce();
    Files.writeString(f.dir("bracket-0/stage-1/config-0/promoted-from"), "bracket-1/stage-0/config-0\n");

    assertThatThrownBy(() -> Pruner.prune(f.search, CheckpointPatterns.defaults(), true))
        .isInstanceOf(UsageError.class)
        .hasMessage(f.dir("bracket-0/stage-1") + ": the promotion into bracket-0/stage-1 lists bracket-1/stage-0/config-0,"
            + " which is not in bracket-0/stage-0");
  }
}
