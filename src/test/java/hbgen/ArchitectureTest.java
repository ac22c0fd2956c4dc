package hbgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A thin shell around a pure core (issue 13): the core packages use no file, process, picocli or
 * FreeMarker API; only {@code cli} uses picocli; and no two classes of the main code share a
 * simple name. Read from the sources (comments left out), so that a fully qualified use counts as
 * much as an import.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ArchitectureTest {
  private static final Path MAIN = Path.of("src/main/java/hbgen");
  /** String and character literals and comments, matched left to right so that "//" in a string stays a string. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "\"(\\\\.|[^\"\\\\\\n])*\"|'(\\\\.|[^'\\\\\\n])*'|/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
  private static final Map<String, Pattern> IO = Map.of(
      "java.io.File", Pattern.compile("\\bjava\\.io\\.File\\b|\\bnew File\\(|\\bFile\\."),
      "java.nio.file", Pattern.compile("\\bjava\\.nio\\.file\\b"),
      "ProcessBuilder", Pattern.compile("\\bProcessBuilder\\b"),
      "ProcessHandle", Pattern.compile("\\bProcessHandle\\b"),
      "picocli", Pattern.compile("\\bpicocli\\b"),
      "freemarker", Pattern.compile("\\bfreemarker\\b"));

  @ParameterizedTest(name = "package {0} uses no file, process, picocli or FreeMarker API")
  @ValueSource(strings = {"plan", "space", "trial", "model"})
  void the_core_packages_use_no_file_process_picocli_or_freemarker_api(String pkg) {
    Map<String, List<String>> found = new TreeMap<>();
    for (Path file : sources(MAIN.resolve(pkg))) {
      String code = code(file);
      List<String> uses = IO.entrySet().stream().filter(e -> e.getValue().matcher(code).find()).map(Map.Entry::getKey)
          .sorted().toList();
      if (!uses.isEmpty()) {
        found.put(MAIN.relativize(file).toString(), uses);
      }
    }
    assertThat(sources(MAIN.resolve(pkg))).as("the package has sources").isNotEmpty();
    assertThat(found).isEmpty();
  }

  @Test
  void only_cli_uses_picocli() {
    List<String> found = sources(MAIN).stream()
        .filter(f -> !f.startsWith(MAIN.resolve("cli")))
        .filter(f -> IO.get("picocli").matcher(code(f)).find())
        .map(f -> MAIN.relativize(f).toString())
        .toList();
    assertThat(found).isEmpty();
    assertThat(sources(MAIN.resolve("cli")).stream().anyMatch(f -> IO.get("picocli").matcher(code(f)).find()))
        .as("the check sees picocli where it is").isTrue();
  }

  @Test
  void no_two_classes_of_the_main_code_share_a_simple_name() {
    Map<String, List<String>> byName = sources(MAIN).stream()
        .collect(Collectors.groupingBy(f -> f.getFileName().toString(), TreeMap::new,
            Collectors.mapping(f -> MAIN.relativize(f).toString(), Collectors.toList())));
    assertThat(byName).as("the main code").hasSizeGreaterThan(50);
    assertThat(byName.values().stream().filter(l -> l.size() > 1).toList()).isEmpty();
  }

  /**
   * Issue 13, done-when 2: one parser per trial file and for the ledger. The grammars are called
   * from their one reader only: {@code result}, {@code started} and {@code failed} from
   * search/TrialFiles, results.tsv from search/SearchView (the file's own class aside; no reader
   * means none outside it).
   */
  @ParameterizedTest(name = "{0} is called from {1} only")
  @org.junit.jupiter.params.provider.CsvSource({
      "ResultFormat.parse(,  search/TrialFiles.java",
      "StartedMarker.parse(, search/TrialFiles.java",
      "FailedMarker.parse(,  search/TrialFiles.java",
      "Ledger.read(,         search/SearchView.java",
      "Ledger.parse(,"})
  void each_file_kind_has_one_reader(String call, String reader) {
    String owner = call.substring(0, call.indexOf('.')) + ".java";
    List<String> callers = sources(MAIN).stream()
        .filter(f -> !f.getFileName().toString().equals(owner))
        .filter(f -> code(f).contains(call))
        .map(f -> MAIN.relativize(f).toString())
        .toList();
    assertThat(callers).isEqualTo(reader == null ? List.of() : List.of(reader));
  }

  @Test
  void the_check_finds_a_fully_qualified_use_and_ignores_comments_and_strings() {
    assertThat(IO.get("java.nio.file").matcher(strip("Object p = java.nio.file.Path.of(\"x\");")).find()).isTrue();
    assertThat(IO.get("ProcessHandle").matcher(strip("long pid = ProcessHandle.current().pid();")).find()).isTrue();
    assertThat(IO.get("java.nio.file").matcher(strip("// java.nio.file.Path\n/* picocli */ String s = \"java.nio.file\";"))
        .find()).isFalse();
    assertThat(IO.get("java.nio.file").matcher(strip("String u = \"https://x\"; java.nio.file.Path p;")).find()).isTrue();
  }

  private static List<Path> sources(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String code(Path file) {
    try {
      return strip(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String strip(String source) {
    return NOT_CODE.matcher(source).replaceAll(" ");
  }
}
