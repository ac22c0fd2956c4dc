package hbgen.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden test of resuming (issue 8): the bundled example trainer, trained 0 to 9 from scratch and
 * along the chain Hyperband gives a promoted configuration with R = 9, eta = 3 (0 to 1, then 1 to
 * 3 from that checkpoint, then 3 to 9), writes byte for byte the reviewed result under
 * src/test/resources/golden-trainer/NAME.result, and both ways end with the same checkpoint. The
 * configurations cover every code path that keeps state across epochs: SGD and momentum buffers,
 * L1 and L2 penalties, mini-batches, several repetitions, and no held-out fold. Regenerate on
 * purpose, after changing the trainer, with {@code -Dgolden.update=true}, and review the diff.
 */
class ResumeGoldenTest {
  static final Path TRAINER = Path.of("example-trainer", "train.py");
  static final Path GOLDEN = Path.of("src/test/resources/golden-trainer");

  @TempDir Path tmp;

  /** Trains {@code config} for {@code budget} in {@code dir}, resuming from {@code parent} if not null; returns stdout. */
  static String train(Path dir, Path config, String budget, Path parent) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Files.copy(config, dir.resolve("config"));
    Path log = dir.resolve("log");
    ProcessBuilder pb = new ProcessBuilder("python3", TRAINER.toString(), dir.resolve("config").toString(), budget)
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = new HashMap<>(Map.of("HB_RESULT", dir.resolve("result").toString(), "HB_DIR", dir.toString()));
    pb.environment().remove("HB_PARENT_DIR");
    if (parent != null) {
      env.put("HB_PARENT_DIR", parent.toString());
    }
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the trainer did not finish within 120 s");
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd-l2", "momentum-l1", "minibatch", "no-held-out-fold"})
  void resumingAlongAHyperbandChainGivesTheGoldenResultOfTrainingFromScratch(String name) throws Exception {
    Path config = GOLDEN.resolve(name + ".json");
    Path golden = GOLDEN.resolve(name + ".result");

    String scratch = train(tmp.resolve("scratch"), config, "9", null);
    String first = train(tmp.resolve("stage-0"), config, "1", null);
    String second = train(tmp.resolve("stage-1"), config, "3", tmp.resolve("stage-0"));
    String third = train(tmp.resolve("stage-2"), config, "9", tmp.resolve("stage-1"));

    if (Boolean.getBoolean("golden.update")) {
      Files.copy(tmp.resolve("scratch/result"), golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(scratch).contains("trained 9 epochs (from 0 to 9)");
    assertThat(first).contains("trained 1 epochs (from 0 to 1)");
    assertThat(second).contains("resuming from " + tmp.resolve("stage-0/checkpoint.json") + " at epoch 1")
        .contains("trained 2 epochs (from 1 to 3)");
    assertThat(third).contains("resuming from " + tmp.resolve("stage-1/checkpoint.json") + " at epoch 3")
        .contains("trained 6 epochs (from 3 to 9)");
    byte[] expected = Files.readAllBytes(golden);
    assertThat(Files.readAllBytes(tmp.resolve("scratch/result"))).as("from scratch vs golden").isEqualTo(expected);
    assertThat(Files.readAllBytes(tmp.resolve("stage-2/result"))).as("resumed vs golden").isEqualTo(expected);
    assertThat(Files.readAllBytes(tmp.resolve("stage-2/checkpoint.json")))
        .as("the resumed checkpoint (weights, momentum buffers, generator states)")
        .isEqualTo(Files.readAllBytes(tmp.resolve("scratch/checkpoint.json")));
  }
}
