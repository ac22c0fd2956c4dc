package hbgen.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.ResultFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one rule for reading a trainer's result, in its two implementations: hbgen's {@link
 * ResultFormat} and the awk check in the rendered run.sh (compute nodes need no Java). Both are
 * run over the same table, src/test/resources/result-cases.tsv.
 */
class ResultCasesTest {
  static final Path TABLE = Path.of("src/test/resources/result-cases.tsv");

  @TempDir static Path tmp;
  static String parseResult;

  /** One row of the table. */
  record Case(String name, String objective, byte[] bytes, String expected) {
    @Override public String toString() {
      return name;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertThat(f).as(line).hasSize(4);
      out.add(new Case(f[0], f[1].equals("-") ? "" : f[1], unescape(f[2]), f[3]));
    }
    return out;
  }

  /** The table's escapes: \n \r \t \\ and \xHH. */
  static byte[] unescape(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\') {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case '\\' -> out.write('\\');
        case 'x' -> {
          out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
          i += 2;
        }
        default -> throw new IllegalArgumentException("bad escape \\" + e + " in " + s);
      }
    }
    return out.toByteArray();
  }

  /** The parse_result function of a freshly rendered run.sh, as bash source. */
  @BeforeAll
  static void renderRunSh() throws IOException {
    Path search = tmp.resolve("search");
    Cli.Run r = Cli.run("generate", "1", "2", "-o", search.toString(), "--random-seed", "1");
    assertThat(r.code()).as(r.err()).isZero();
    String runSh = Files.readString(search.resolve("run.sh"));
    int from = runSh.indexOf("parse_result() {\n");
    int to = runSh.indexOf("\n}\n", from);
    assertThat(from).as("run.sh defines parse_result").isNotNegative();
    parseResult = runSh.substring(from, to + 3);
  }

  /** What the Java grammar says: the objective's text, or ! and the failure kind. */
  static String java(Case c) {
    try {
      return ResultFormat.objective(c.bytes(), c.objective());
    } catch (ResultFormat.InvalidResult e) {
      return "!" + e.kind();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hbgenReadsTheCaseAsTheTableSays(Case c) {
    assertThat(java(c)).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void runShChecksTheCaseAsTheTableSays(Case c) throws Exception {
    Path file = Files.createTempFile(tmp, "result", "");
    Files.write(file, c.bytes());
    Engines.Result r = Engines.exec(tmp, 30, List.of("bash", "-c", parseResult + "parse_result \"$1\"", "check", file.toString()),
        Map.of("OBJECTIVE", c.objective()));
    assertThat(r.code()).as(r.output()).isZero();
    String[] f = r.output().strip().split("\t", -1);
    String verdict = f[0].equals("ok") ? f[1] : f[0].equals("err") ? "!" + f[1] : "?" + r.output();
    assertThat(verdict).as(r.output()).isEqualTo(c.expected());
  }
}
