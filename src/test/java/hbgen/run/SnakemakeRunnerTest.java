package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnakemakeRunnerTest {
  @Test
  void passesTheSnakefileJobsProfileAndExtraArguments() {
    assertThat(SnakemakeRunner.command(Path.of("s"), 8, Path.of("s/profile"), List.of("--keep-going", "-n")))
        .containsExactly("snakemake", "--snakefile", "s/Snakefile", "-j", "8", "--profile", "s/profile", "--keep-going", "-n");
    assertThat(SnakemakeRunner.command(Path.of("/x/s"), 1, null, List.of()))
        .containsExactly("snakemake", "--snakefile", "/x/s/Snakefile", "-j", "1");
  }
}
