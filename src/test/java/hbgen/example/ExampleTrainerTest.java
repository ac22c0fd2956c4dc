package hbgen.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the bundled example trainer ({@code example-trainer/train.py}) as a process. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ExampleTrainerTest {

  private static final Path TRAINER = Path.of("example-trainer", "train.py");

  private static final String GOOD_CONFIG =
      "{\"learning_rate\": 0.1, \"C\": 1.0, \"optimizer\": \"sgd\", \"penalty\": \"l2\","
          + " \"seed\": 7, \"folds\": 10, \"repetitions\": 2}";

  private static final Pattern NUMBER_FIELD =
      Pattern.compile("\"(accuracy|loss)\"\\s*:\\s*(-?[0-9][0-9.eE+-]*)");

  @TempDir Path tmp;

  record Run(int exitCode, String stdout, String stderr) {}

  private Run train(Path dir, String config, String budget, Map<String, String> env)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path configFile = dir.resolve("config.json");
    Files.writeString(configFile, config, StandardCharsets.UTF_8);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder("python3", TRAINER.toString(), configFile.toString(), budget)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().remove("HB_PARENT_DIR");
    pb.environment().put("HB_RESULT", dir.resolve("result").toString());
    pb.environment().put("HB_DIR", dir.toString());
    pb.environment().putAll(env);
    Process process = pb.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("trainer did not finish within 60 s");
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static double field(String json, String name) {
    Matcher m = NUMBER_FIELD.matcher(json);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError("no field " + name + " in " + json);
  }

  @Test
  void a_good_config_reaches_high_accuracy_and_writes_accuracy_and_loss() throws Exception {
    Path dir = tmp.resolve("good");
    Run run = train(dir, GOOD_CONFIG, "9", Map.of());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String result = Files.readString(dir.resolve("result"), StandardCharsets.UTF_8);
    assertThat(result.strip()).startsWith("{").endsWith("}").doesNotContain("\n");
    assertThat(field(result, "accuracy")).isGreaterThanOrEqualTo(0.93).isLessThanOrEqualTo(1.0);
    assertThat(field(result, "loss")).isPositive().isLessThan(1.0);
    assertThat(dir.resolve("checkpoint.json")).isRegularFile();
    assertThat(run.stdout()).contains("trained 9 epochs (from 0 to 9)");
  }

  @Test
  void resuming_from_a_smaller_budget_gives_the_same_result_as_training_from_scratch()
      throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");

    Run first = train(a, GOOD_CONFIG, "3", Map.of());
    Run resumed = train(b, GOOD_CONFIG, "9", Map.of("HB_PARENT_DIR", a.toString()));
    Run scratch = train(c, GOOD_CONFIG, "9", Map.of());

    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(resumed.exitCode()).as(resumed.stderr()).isZero();
    assertThat(scratch.exitCode()).as(scratch.stderr()).isZero();
    assertThat(resumed.stdout()).contains("trained 6 epochs (from 3 to 9)");
    assertThat(scratch.stdout()).contains("trained 9 epochs (from 0 to 9)");
    assertThat(Files.readAllBytes(b.resolve("result")))
        .isEqualTo(Files.readAllBytes(c.resolve("result")));
    assertThat(Files.readAllBytes(b.resolve("checkpoint.json")))
        .isEqualTo(Files.readAllBytes(c.resolve("checkpoint.json")));
  }

  @Test
  void a_budget_given_as_a_fraction_is_rounded_down() throws Exception {
    Run run = train(tmp.resolve("fraction"), GOOD_CONFIG, "2.5", Map.of());

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout()).contains("trained 2 epochs (from 0 to 2)");
  }

  @Test
  void a_parent_checkpoint_with_other_hyper_parameters_is_ignored() throws Exception {
    Path parent = tmp.resolve("parent");
    Path child = tmp.resolve("child");
    train(parent, GOOD_CONFIG.replace("\"seed\": 7", "\"seed\": 8"), "3", Map.of());

    Run run = train(child, GOOD_CONFIG, "9", Map.of("HB_PARENT_DIR", parent.toString()));

    assertThat(run.exitCode()).as(run.stderr()).isZero();
    assertThat(run.stdout())
        .contains("training from scratch")
        .contains("trained 9 epochs (from 0 to 9)");
  }

  @Test
  void a_config_with_an_unknown_optimizer_exits_with_an_error() throws Exception {
    String config = GOOD_CONFIG.replace("\"sgd\"", "\"adamw\"");
    Path dir = tmp.resolve("bad");

    Run run = train(dir, config, "3", Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("optimizer");
    assertThat(dir.resolve("result")).doesNotExist();
  }

  @Test
  void a_config_without_a_learning_rate_exits_with_an_error() throws Exception {
    String config = "{\"C\": 1.0, \"optimizer\": \"sgd\", \"seed\": 1}";

    Run run = train(tmp.resolve("missing"), config, "3", Map.of());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("learning_rate");
  }
}
