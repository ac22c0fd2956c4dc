package hbgen.search;

import hbgen.error.RuntimeFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bundled example trainer (packaged in the jar), copied into searches that use it. */
public final class ExampleTrainer {
  /** Directory inside a search that holds the copy. */
  public static final String DIR = "example-trainer";
  /** The command run.sh runs (from the search root). */
  public static final String COMMAND = "python3 example-trainer/train.py";

  private static final List<String> FILES = List.of("train.py", "iris.csv", "space.yaml", "README.md");

  private ExampleTrainer() {}

  /** The example's search space text. */
  public static String spaceText() {
    return new String(bytes("space.yaml"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Copies the example into {@code dir}. */
  public static void copyTo(Path dir) {
    try {
      Files.createDirectories(dir);
      for (String f : FILES) {
        Files.write(dir.resolve(f), bytes(f));
      }
    } catch (IOException e) {
      throw new RuntimeFailure(dir + ": cannot copy the example trainer: " + AtomicFiles.describe(e), e);
    }
  }

  private static byte[] bytes(String name) {
    try (InputStream in = ExampleTrainer.class.getClassLoader().getResourceAsStream("hbgen/example-trainer/" + name)) {
      if (in == null) {
        throw new IllegalStateException("example trainer file missing from the jar: " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read example trainer file " + name, e);
    }
  }
}
