package hbgen.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs at the edge of what is valid, which once hung or were read wrongly: they must work, and
 * quickly. The bad inputs next to them are rows of {@link BadInputCatalogueTest}.
 */
@Timeout(30)
class EdgeValuesTest {
  @TempDir Path tmp;

  private Cli.Run generate(String space, String... more) throws IOException {
    Path file = Files.writeString(tmp.resolve("space.yaml"), space);
    List<String> args = new java.util.ArrayList<>(List.of("generate", "1", "2", "-o", tmp.resolve("out").toString(),
        "--trainer", "t", "--random-seed", "5", "--space", file.toString()));
    args.addAll(List.of(more));
    Cli.Run r = Cli.run(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  private List<String> configs() throws IOException {
    try (Stream<Path> walk = Files.walk(tmp.resolve("out"))) {
      return walk.filter(p -> p.getFileName().toString().equals("config")).map(p -> {
        try {
          return Files.readString(p);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }

  @Test
  void anIntRangeEndingAtTheLargestLongIsDrawnFrom() throws IOException {
    generate("parameters:\n  x: {int: [9223372036854775800, 9223372036854775807]}\n");
    assertThat(configs()).hasSize(4).allSatisfy(c -> assertThat(c).containsPattern("\"x\": 922337203685477580[0-7]"));
  }

  @Test
  void aGridOverAnIntRangeEndingAtTheLargestLongHasItsEightPoints() {
    Path space = tmp.resolve("grid.yaml");
    Cli.Run r = Cli.run("grid", "-o", tmp.resolve("grid").toString(), "--trainer", "t", "--space",
        writeQuietly(space, "parameters:\n  x: {int: [9223372036854775800, 9223372036854775807]}\n").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote 8 configurations (8 points x 1 trials)");
  }

  @Test
  void aRangeWithHugeEndsAndAHugeStepHasItsFewValues() throws IOException {
    generate("parameters:\n  x: {range: [-9223372036854775808, 9223372036854775807, 4611686018427387904]}\n",
        "--allow-duplicates");
    assertThat(String.join("", configs())).contains("\"x\": -9223372036854775808").doesNotContain("\"x\": 9223372036854775807");
    assertThat(configs()).allSatisfy(c -> assertThat(c).containsPattern(
        "\"x\": (-9223372036854775808|-4611686018427387904|0|4611686018427387904)\n"));
  }

  @Test
  void anUnquotedSlurmTimeIsTheTimeWrittenNotABase60Number() throws IOException {
    generate("parameters:\n  x: {uniform: [0, 1]}\nslurm:\n  time: 1:30:00\n  cpus: 2\n");
    assertThat(Files.readString(tmp.resolve("out/hbgen.yaml"))).contains("time: 01:30:00").contains("cpus: 2");
  }

  @Test
  void widthsOfNormalAndExponentialUpToTheLimitGiveFiniteDraws() throws IOException {
    generate("parameters:\n  a: {normal: {mean: 1.0e300, sd: 1.0e300}}\n  b: {exponential: {scale: 1.0e300}}\n"
        + "  c: {uniform: [-8.0e307, 8.0e307]}\n");
    assertThat(configs()).hasSize(4).allSatisfy(c -> assertThat(c).doesNotContain("Infinity", "NaN"));
  }

  private static Path writeQuietly(Path p, String text) {
    try {
      return Files.writeString(p, text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
