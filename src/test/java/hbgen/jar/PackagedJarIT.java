package hbgen.jar;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as users run it: manifest, resources (templates, example trainer), exit codes. */
class PackagedJarIT {
  static final Path JAR = Path.of(System.getProperty("hbgen.jar", "target/hbgen.jar")).toAbsolutePath();

  @TempDir Path tmp;

  @Test
  void theJarKeepsMultiReleaseSoFreeMarkerCanReadRecords() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("hbgen.cli.Main");
      assertThat(jar.getEntry("hbgen/templates/Snakefile.ftl")).isNotNull();
      assertThat(jar.getEntry("hbgen/example-trainer/train.py")).isNotNull();
    }
  }

  @Test
  void theJarWritesTheExampleSearchWithItsBundledTrainer() throws Exception {
    Engines.Result r = Engines.exec(tmp, 120, "java", "-jar", JAR.toString(), "generate", "2", "3", "-o", "s", "--random-seed", "3");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).contains("Wrote 17 configurations (22 trials) to s (seed 3).");
    assertThat(tmp.resolve("s/example-trainer/train.py")).exists();
    assertThat(Files.readString(tmp.resolve("s/hbgen.yaml"))).contains("hbgen_version: 0.1.0");
  }

  @Test
  void badInputExitsTwoWithOneLineAndNoStackTrace() throws Exception {
    Engines.Result r = Engines.exec(tmp, 60, "java", "-jar", JAR.toString(), "generate", "2", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.output()).isEqualTo("hbgen: ETA must be >= 2, was 1\n");
  }

  /**
   * Tribuo is shaded with jline, jansi and tribuo-data left out: training a forest through the jar
   * proves no class it needs is missing, and its logging stays quiet.
   */
  @Test
  void theJarRanksParametersByImportanceWithNothingButTheJsonOnItsOutput() throws Exception {
    Files.writeString(tmp.resolve("train.py"), """
        import json, os, sys
        cfg = json.load(open(sys.argv[1]))
        with open(os.environ["HB_RESULT"], "w") as f:
            f.write(json.dumps({"loss": 5 * cfg["x"] ** 2}) + "\\n")
        """);
    Files.writeString(tmp.resolve("space.yaml"), "parameters:\n  x: {uniform: [0, 1]}\n  y: {uniform: [0, 1]}\n"
        + "  opt: {choice: [sgd, adam]}\n");
    Engines.Result gen = Engines.exec(tmp, 120, "java", "-jar", JAR.toString(), "random", "20", "--budget", "1", "-o", "s",
        "--space", "space.yaml", "--trainer", "python3 " + tmp.resolve("train.py"), "--objective", "loss",
        "--random-seed", "4");
    assertThat(gen.code()).as(gen.output()).isZero();
    Engines.Result run = Engines.exec(tmp, 300, "java", "-jar", JAR.toString(), "run", "s", "-j", "2");
    assertThat(run.code()).as(run.output()).isZero();
    Engines.Result r = Engines.exec(tmp, 120, "java", "-jar", JAR.toString(), "importance", "s", "--format", "json");
    assertThat(r.code()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("{\n  \"budget\": 1,\n  \"importances\": [{\"importance\": ")
        .contains("\"method\": \"fanova\"", "\"trials\": 20\n}")
        .doesNotContain("INFO", "WARN", "Exception");
    assertThat(r.output().indexOf("\"parameter\": \"x\"")).isLessThan(r.output().indexOf("\"parameter\": \"y\""));
    Engines.Result text = Engines.exec(tmp, 120, "java", "-jar", JAR.toString(), "importance", "s");
    assertThat(text.code()).as(text.output()).isZero();
    assertThat(text.output()).contains("\nparameter  importance\nx  ");
  }

  @Test
  void versionComesFromTheBuild() throws Exception {
    Engines.Result r = Engines.exec(tmp, 60, "java", "-jar", JAR.toString(), "--version");
    assertThat(r.output().strip()).isEqualTo("hbgen 0.1.0");
  }
}
