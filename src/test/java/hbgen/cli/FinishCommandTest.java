package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hbgen finish}: the Snakefile's best job writes what {@code hbgen run} wrote. */
class FinishCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheSameBestAsTheBuiltInEngine() throws Exception {
    Path search = tmp.resolve("s");
    assertThat(Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "3",
        "--trainer", "bash -c 'echo 0.$((HB_SEED % 97)) > $HB_RESULT'").code()).isZero();
    Cli.Run run = Cli.run("run", search.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    byte[] best = Files.readAllBytes(search.resolve("best.yaml"));
    byte[] config = Files.readAllBytes(search.resolve("config"));
    Files.delete(search.resolve("best.yaml"));
    Files.delete(search.resolve("config"));

    Cli.Run r = Cli.run("finish", search.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Best: bracket-");
    assertThat(Files.readAllBytes(search.resolve("best.yaml"))).isEqualTo(best);
    assertThat(Files.readAllBytes(search.resolve("config"))).isEqualTo(config);
  }
}
