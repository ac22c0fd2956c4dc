package hbgen.search;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * How to start the hbgen that is running now, recorded in a search so that its Snakefile's local
 * jobs (promotion, best) run the very rules that wrote it: the {@code hbgen} launcher script when
 * it started this process (it exports {@link #LAUNCHER_VARIABLE} naming itself), else {@code java
 * -jar} with the absolute jar, else {@code java -cp} with this process's class path.
 *
 * @param argv the command's words, absolute paths
 */
public record HbgenExecutable(List<String> argv) {
  /** Exported by the {@code hbgen} launcher script: its own absolute path. */
  public static final String LAUNCHER_VARIABLE = "HBGEN_LAUNCHER";

  public HbgenExecutable {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("an hbgen command needs at least one word");
    }
  }

  /** The command that starts this hbgen, given the environment it runs in. */
  public static HbgenExecutable current(Map<String, String> env) {
    String launcher = env.getOrDefault(LAUNCHER_VARIABLE, "");
    if (!launcher.isEmpty() && Path.of(launcher).isAbsolute() && Files.isExecutable(Path.of(launcher))) {
      return new HbgenExecutable(List.of(launcher));
    }
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      Path code = Path.of(HbgenExecutable.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(code) && code.toString().endsWith(".jar")) {
        return new HbgenExecutable(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
            code.toAbsolutePath().toString()));
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no usable code source: fall back to the class path
    }
    String classPath = System.getProperty("java.class.path");
    List<String> entries = Arrays.stream(classPath.split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).toList();
    return new HbgenExecutable(List.of(javaBin, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        String.join(File.pathSeparator, entries), "hbgen.cli.Main"));
  }
}
