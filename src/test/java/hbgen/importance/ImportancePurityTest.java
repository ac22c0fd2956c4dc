package hbgen.importance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The fANOVA arithmetic and the encoding are a pure core (values in, values out), and Tribuo stays
 * inside its one adapter so that it can be swapped.
 */
class ImportancePurityTest {
  static final Path DIR = Path.of("src/main/java/hbgen/importance");
  static final List<String> PURE = List.of("Fanova.java", "Columns.java", "Tree.java", "Forest.java", "Importances.java");
  static final List<String> FORBIDDEN = List.of("import java.io", "import java.nio", "import java.net", "import java.time",
      "import picocli", "import freemarker", "import org.tribuo", "import hbgen.search", "import hbgen.results",
      "ProcessBuilder", "System.getenv", "System.getProperty", "System.currentTimeMillis", "System.nanoTime", "Math.random");

  static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void theArithmeticAndTheEncodingUseNoFilesProcessesClocksOrLibraryOfTrees() throws IOException {
    for (String name : PURE) {
      String text = Files.readString(DIR.resolve(name));
      for (String word : FORBIDDEN) {
        assertThat(text).as("%s uses %s", name, word).doesNotContain(word);
      }
    }
  }

  @Test
  void onlyTheAdapterKnowsTribuo() throws IOException {
    List<String> users = sources().stream().filter(p -> {
      try {
        return Files.readString(p).contains("org.tribuo");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).map(p -> p.getFileName().toString()).toList();
    assertThat(users).containsExactly("TribuoForest.java");
    try (Stream<Path> all = Files.walk(Path.of("src/main/java"))) {
      assertThat(all.filter(p -> p.toString().endsWith(".java")).filter(p -> {
        try {
          return Files.readString(p).contains("import org.tribuo");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).map(p -> p.getFileName().toString()).toList()).containsExactly("TribuoForest.java");
    }
  }
}
