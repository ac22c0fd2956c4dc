package hbgen.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** hbgen's version, from the properties file Maven fills in at build time. */
public final class Version implements IVersionProvider {
  /** The version string, e.g. {@code 0.1.0}. */
  public static String get() {
    try (InputStream in = Version.class.getClassLoader().getResourceAsStream("hbgen/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  @Override public String[] getVersion() {
    return new String[] {"hbgen " + get()};
  }
}
