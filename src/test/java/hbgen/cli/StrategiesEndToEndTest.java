package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Random, grid and Hyperband searches share one format: run, status, results, best and report all work on each. */
class StrategiesEndToEndTest {
  static final Path FAKE = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();

  @TempDir Path tmp;

  static Cli.Run ok(String... args) {
    Cli.Run r = Cli.run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hyperband", "random", "grid"})
  void everyStrategyRunsAndReportsWithTheSameCommands(String strategy) throws Exception {
    Path dir = tmp.resolve(strategy);
    Path space = tmp.resolve("space.yaml");
    Files.writeString(space, "parameters:\n  x: {choice: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]}\n  mode: {value: ok}\n");
    List<String> common = List.of("-o", dir.toString(), "--space", space.toString(), "--trainer", "python3 " + FAKE,
        "--objective", "loss", "--random-seed", "2");
    switch (strategy) {
      case "hyperband" -> ok(concat(List.of("generate", "1", "2"), common));
      case "random" -> ok(concat(List.of("random", "4", "--budget", "2"), common));
      default -> ok(concat(List.of("grid", "--trials", "1"), common));
    }
    ok("run", dir.toString(), "-j", "2");
    long trials;
    try (var s = Files.walk(dir)) {
      trials = s.filter(p -> p.getFileName().toString().equals("result")).count();
    }
    assertThat(trials).isPositive();
    String status = ok("status", dir.toString(), "--json").out();
    assertThat(status).contains("\"completed\"");
    String csv = ok("results", dir.toString(), "--format", "csv").out();
    assertThat(csv.lines().count()).isEqualTo(trials + 1);
    assertThat(csv.lines().skip(1)).allMatch(l -> l.contains(",completed,"));
    String best = ok("best", dir.toString()).out();
    assertThat(best).contains("final: true");
    ok("report", dir.toString(), "-o", tmp.resolve(strategy + ".html").toString());
    assertThat(Files.readString(tmp.resolve(strategy + ".html"))).contains("<svg");
  }

  static String[] concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
  }
}
