package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheExampleSearchRunsItAndPrintsTheBestConfiguration() throws IOException {
    Path dir = tmp.resolve("demo");
    Cli.Run r = Cli.run("demo", dir.toString(), "-j", "2");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote 17 configurations (22 trials) to " + dir)
        .contains("Finished all 22 trials")
        .contains("The best configuration (" + dir.resolve("best.yaml") + "):\n"
            + "# Best configuration of the search")
        .contains("found: true\n")
        .contains("objective: accuracy\ndirection: maximize\n");
    assertThat(dir.resolve("best.yaml")).exists();
    assertThat(dir.resolve(".snakemake")).doesNotExist();
    assertThat(dir.resolve("hbgen.yaml")).content().contains("- --maximize").contains("seed: 1\n");
  }

  @Test
  void refusesANonEmptyDirectoryWithoutOverwrite() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(dir.resolve("notes.txt"), "mine\n");
    Cli.Run r = Cli.run("demo", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("hbgen: " + dir + ": output directory exists and is not empty"
        + " (pass --overwrite to replace it)\n");
    assertThat(dir.resolve("notes.txt")).exists();
  }

  @Test
  void writesToHbgenDemoInTheCurrentDirectoryByDefault() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs();
    assertThat(demo.dir).isEqualTo(Path.of("hbgen-demo"));
  }
}
