package hbgen.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointPatternsTest {
  @Test
  void theDefaultMatchesCheckpointFilesAndDirectoriesOnly() {
    CheckpointPatterns p = CheckpointPatterns.defaults();
    assertThat(p.globs()).containsExactly("checkpoint*");
    assertThat(p.matches("checkpoint.json")).isTrue();
    assertThat(p.matches("checkpoint-epoch-3.pt")).isTrue();
    assertThat(p.matches("checkpoints")).isTrue();
    assertThat(p.matches("model.pt")).isFalse();
    assertThat(p.matches("my-checkpoint.json")).isFalse();
    assertThat(p.matches(".checkpoint.json.x1y2.tmp")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"config", "promoted-from", "started", "log", "result", "result.new", "failed", "skipped",
      ".slurm-job", "result.Ab12Cd", "started.XyZ123", ".config.4711.tmp", ".result.tmp.42", ".promoted-from.9.tmp"})
  void hbgensOwnFilesAndTheirTemporaryFilesNeverMatchWhateverThePattern(String name) {
    CheckpointPatterns everything = new CheckpointPatterns(List.of("*", ".*", name));
    assertThat(everything.matches(name)).isFalse();
    assertThat(CheckpointPatterns.own(name)).isTrue();
  }

  @Test
  void everyGlobCountsAndGlobsKnowAlternatives() {
    CheckpointPatterns p = new CheckpointPatterns(List.of("*.{pt,ckpt}", "optimizer-state"));
    assertThat(p.matches("model.pt")).isTrue();
    assertThat(p.matches("last.ckpt")).isTrue();
    assertThat(p.matches("optimizer-state")).isTrue();
    assertThat(p.matches("model.pth")).isFalse();
    assertThat(p.matches("checkpoint.json")).isFalse();
  }

  @Test
  void aPatternWithASlashIsRejectedBecauseItNamesEntriesOfTheTrialDirectoryOnly() {
    assertThatThrownBy(() -> new CheckpointPatterns(List.of("ckpt/*.pt")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pattern 'ckpt/*.pt' contains '/': patterns match names directly inside a trial directory");
  }

  @Test
  void anEmptyOrInvalidPatternIsRejected() {
    assertThatThrownBy(() -> new CheckpointPatterns(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("at least one pattern is needed");
    assertThatThrownBy(() -> new CheckpointPatterns(List.of(" ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("a pattern must not be empty");
    assertThatThrownBy(() -> new CheckpointPatterns(List.of("ckpt[")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pattern 'ckpt[' is not a valid glob: ");
  }
}
