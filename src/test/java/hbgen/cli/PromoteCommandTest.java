package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hbgen promote}: the Snakefile's promote job writes what {@code hbgen run} wrote. */
class PromoteCommandTest {
  @TempDir Path tmp;

  @Test
  void writesTheSamePromotionAsTheBuiltInEngine() throws Exception {
    Path search = tmp.resolve("s");
    assertThat(Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "3",
        "--trainer", "bash -c 'echo 0.$((HB_SEED % 97)) > $HB_RESULT'").code()).isZero();
    Cli.Run run = Cli.run("run", search.toString(), "-j", "2");
    assertThat(run.code()).as(run.err()).isZero();
    Path promotion = search.resolve("bracket-0/stage-1/promotion.yaml");
    byte[] engine = Files.readAllBytes(promotion);
    byte[] config = Files.readAllBytes(search.resolve("bracket-0/stage-1/config-0/config"));
    Files.delete(promotion);
    Files.delete(search.resolve("bracket-0/stage-1/config-0/config"));

    Cli.Run r = Cli.run("promote", search.toString(), "0", "1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Promoted 1 of 1 slots into bracket 0, stage 1 (shortfall 0).\n");
    assertThat(Files.readAllBytes(promotion)).isEqualTo(engine);
    assertThat(Files.readAllBytes(search.resolve("bracket-0/stage-1/config-0/config"))).isEqualTo(config);
  }

  @Test
  void aStageWithoutAPromotionIsAUsageError() {
    Path search = tmp.resolve("s");
    assertThat(Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "3").code()).isZero();
    Cli.Run r = Cli.run("promote", search.toString(), "0", "0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).startsWith("hbgen: STAGE: bracket 0 has stages 1 to ").endsWith(", was 0\n");
    Cli.Run b = Cli.run("promote", search.toString(), "9", "1");
    assertThat(b.code()).isEqualTo(2);
    assertThat(b.err()).isEqualTo("hbgen: BRACKET: the search has no bracket 9\n");
  }
}
