package hbgen.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The model is a pure core: values in, values out, no files, processes, clocks or CLI. */
class ModelPurityTest {
  private static final List<String> FORBIDDEN = List.of("import java.io", "import java.nio", "import java.net",
      "import java.time", "import java.util.concurrent", "import java.util.Random;", "import picocli", "import freemarker",
      "ProcessBuilder", "Runtime.getRuntime", "System.currentTimeMillis", "System.nanoTime", "System.getenv",
      "System.getProperty", "Math.random", "java.util.HashMap", "new HashMap");

  @Test
  void modelSourcesUseNoFilesProcessesClocksHashOrderOrPlatformMath() throws IOException {
    Path dir = Path.of("src/main/java/hbgen/model");
    List<Path> sources;
    try (Stream<Path> s = Files.list(dir)) {
      sources = s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path source : sources) {
      String text = Files.readString(source);
      for (String word : FORBIDDEN) {
        assertThat(text).as("%s uses %s", source.getFileName(), word).doesNotContain(word);
      }
      // java.lang.Math's exp and log may differ by an ulp between platforms; FastMath does not.
      assertThat(text).as("%s uses java.lang.Math for exp, log or pow", source.getFileName())
          .doesNotContainPattern("(?<![A-Za-z])Math\\.(exp|log|pow|expm1|log1p|log10)\\(");
    }
  }
}
