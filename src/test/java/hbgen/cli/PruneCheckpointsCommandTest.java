package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.prune.PruneFixture;
import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PruneCheckpointsCommandTest {
  @TempDir Path tmp;

  static final List<String> NOT_PROMOTED = List.of("config-1", "config-3", "config-5", "config-6", "config-7", "config-8");

  PruneFixture promotedOnce() throws IOException {
    return PruneFixture.create(tmp.resolve("s")).finish(0, 0).promote(0, 1);
  }

  static String listing(String verb) {
    StringBuilder out = new StringBuilder();
    for (String c : NOT_PROMOTED) {
      out.append(verb).append(" bracket-0/stage-0/").append(c).append("/checkpoint.json (100 B)\n");
      out.append(verb).append(" bracket-0/stage-0/").append(c).append("/checkpoints/ (1000 B)\n");
    }
    return out.toString();
  }

  @Test
  void aDryRunListsWhatWouldGoAndDeletesNothing() throws IOException {
    PruneFixture f = promotedOnce();

    Cli.Run r = Cli.run("prune-checkpoints", f.search.root().toString(), "--dry-run");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).isEqualTo(listing("would delete") + "Would delete 12 files and 6 directories (6.4 KiB, 6600 bytes)"
        + " in 6 of the 6 trial directories not promoted (1 of 3 promotions done).\n");
    assertThat(f.dir("bracket-0/stage-0/config-1/checkpoint.json")).exists();
  }

  @Test
  void itDeletesTheCheckpointsOfTrialsNotPromotedAndSaysHowMuchItFreed() throws IOException {
    PruneFixture f = promotedOnce();

    Cli.Run r = Cli.run("prune-checkpoints", f.search.root().toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo(listing("deleted") + "Deleted 12 files and 6 directories (6.4 KiB, 6600 bytes)"
        + " in 6 of the 6 trial directories not promoted (1 of 3 promotions done).\n");
    for (String c : NOT_PROMOTED) {
      assertThat(f.dir("bracket-0/stage-0/" + c + "/checkpoint.json")).doesNotExist();
      assertThat(f.dir("bracket-0/stage-0/" + c + "/result")).exists();
      assertThat(f.dir("bracket-0/stage-0/" + c + "/log")).exists();
    }
    assertThat(f.dir("bracket-0/stage-0/config-0/checkpoint.json")).exists();

    Cli.Run again = Cli.run("prune-checkpoints", f.search.root().toString());
    assertThat(again.out()).isEqualTo("Nothing to delete: no entry matching checkpoint* in the 6 trial directories"
        + " not promoted (1 of 3 promotions done).\n");
  }

  @Test
  void quietPrintsOnlyTheSummaryAndPatternsChooseWhatGoes() throws IOException {
    PruneFixture f = promotedOnce();
    Files.writeString(f.dir("bracket-0/stage-0/config-1/model.pt"), "12345");

    Cli.Run r = Cli.run("prune-checkpoints", f.search.root().toString(), "-q", "--pattern", "*.pt", "--pattern", "checkpoint.json");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Deleted 7 files and 0 directories (605 B, 605 bytes) in 6 of the 6 trial directories"
        + " not promoted (1 of 3 promotions done).\n");
    assertThat(f.dir("bracket-0/stage-0/config-1/checkpoints/shard-0")).exists();
  }

  @Test
  void beforeAnyPromotionNothingGoes() throws IOException {
    PruneFixture f = PruneFixture.create(tmp.resolve("s")).finish(0, 0);

    Cli.Run r = Cli.run("prune-checkpoints", f.search.root().toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Nothing to delete yet: no promotion is done (0 of 3); a trial's checkpoints can go"
        + " once the promotion out of its stage is done.\n");
  }

  @Test
  void aRandomSearchKeepsEverything() {
    Path dir = tmp.resolve("r");
    assertThat(Cli.run("random", "3", "-o", dir.toString(), "--trainer", "true").code()).isZero();

    Cli.Run r = Cli.run("prune-checkpoints", dir.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("Nothing to delete: every bracket has a single stage, whose trials keep their"
        + " checkpoints (the trained models).\n");
  }

  @Test
  void aDirectoryThatIsNotASearchExitsTwoWithOneLine() throws IOException {
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    Cli.Run r = Cli.run("prune-checkpoints", plain.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("hbgen: " + plain + ": not an hbgen search (no hbgen.yaml; create one with"
        + " 'hbgen generate ... -o DIR')\n");
    Cli.Run missing = Cli.run("prune-checkpoints", tmp.resolve("nowhere").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).isEqualTo("hbgen: " + tmp.resolve("nowhere") + ": no such search directory\n");
  }

  @Test
  void aPatternWithASlashExitsTwoWithOneLine() throws IOException {
    PruneFixture f = promotedOnce();

    Cli.Run r = Cli.run("prune-checkpoints", f.search.root().toString(), "--pattern", "ckpt/*.pt");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hbgen: --pattern: pattern 'ckpt/*.pt' contains '/': patterns match names directly"
        + " inside a trial directory\n");
    assertThat(f.dir("bracket-0/stage-0/config-1/checkpoint.json")).exists();
  }

  @Test
  void sizesAreShownInBinaryUnits() {
    assertThat(PruneCheckpointsCommand.size(0)).isEqualTo("0 B");
    assertThat(PruneCheckpointsCommand.size(1023)).isEqualTo("1023 B");
    assertThat(PruneCheckpointsCommand.size(1024)).isEqualTo("1.0 KiB");
    assertThat(PruneCheckpointsCommand.size(3L << 29)).isEqualTo("1.5 GiB");
  }

  @Test
  void theCommandIsListedInTheHelp() {
    assertThat(Cli.run("--help").out()).contains("prune-checkpoints");
  }
}
