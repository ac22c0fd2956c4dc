package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class SnapshotTest {
  @TempDir Path tmp;

  @Test
  void theTrainerRunsFromTheCopyTakenAtGenerationWithUncommittedChanges() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("code"));
    Files.writeString(repo.resolve("train.sh"), "echo 0.1 > \"$HB_RESULT\"\n");
    Files.writeString(repo.resolve(".gitignore"), "*.ckpt\n");
    Files.writeString(repo.resolve("big.ckpt"), "ignored");
    for (String[] cmd : new String[][] {{"git", "init", "-q"}, {"git", "add", "."},
        {"git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "first"}}) {
      assertThat(Engines.exec(repo, 30, cmd).code()).isZero();
    }
    Files.writeString(repo.resolve("train.sh"), "echo 0.7 > \"$HB_RESULT\"\n"); // uncommitted change
    Files.writeString(repo.resolve("helper.sh"), "untracked but not ignored\n");
    Path search = tmp.resolve("s");
    Cli.Run r = Cli.run("random", "2", "-o", search.toString(), "--snapshot", repo.toString(), "--trainer", "bash train.sh",
        "--space", "src/test/resources/spaces/small.yaml");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(search.resolve("code/train.sh")).hasContent("echo 0.7 > \"$HB_RESULT\"");
    assertThat(search.resolve("code/helper.sh")).exists();
    assertThat(search.resolve("code/big.ckpt")).doesNotExist();
    @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) new Yaml().load(Files.readString(search.resolve("hbgen.yaml")));
    @SuppressWarnings("unchecked") Map<String, Object> snap = (Map<String, Object>) m.get("snapshot");
    assertThat(snap.get("git_dirty")).isEqualTo(true);
    assertThat(String.valueOf(snap.get("git_commit"))).matches("[0-9a-f]{40}");
    @SuppressWarnings("unchecked") Map<String, Object> trainer = (Map<String, Object>) m.get("trainer");
    assertThat(trainer.get("dir")).isEqualTo("code");

    Files.writeString(repo.resolve("train.sh"), "echo 0.9 > \"$HB_RESULT\"\n"); // later edits do not matter
    Engines.Result run = Engines.exec(tmp, 60, "bash", search.resolve("run.sh").toString(), "bracket-0/stage-0/config-0", "1");
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(search.resolve("bracket-0/stage-0/config-0/result")).hasContent("0.7");

    // Written again or appended to, the search keeps the provenance of its copy.
    Cli.Run again = Cli.run("random", "--from", search.resolve("hbgen.yaml").toString(), "-o", tmp.resolve("s2").toString());
    assertThat(again.code()).as(again.err()).isZero();
    Cli.Run append = Cli.run("random", "1", "-o", search.toString());
    assertThat(append.code()).as(append.err()).isZero();
    for (Path written : new Path[] {tmp.resolve("s2"), search}) {
      @SuppressWarnings("unchecked") Map<String, Object> m2 = (Map<String, Object>) new Yaml().load(Files.readString(written.resolve("hbgen.yaml")));
      assertThat(m2.get("snapshot")).as("snapshot of %s", written).isEqualTo(snap);
      assertThat(m2.get("cwd_git_commit")).isEqualTo(m.get("cwd_git_commit"));
    }
    assertThat(tmp.resolve("s2/code/train.sh")).hasContent("echo 0.7 > \"$HB_RESULT\"");
  }
}
