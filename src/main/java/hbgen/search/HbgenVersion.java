package hbgen.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** This hbgen's version, and how it compares with the version a manifest was written by. */
public final class HbgenVersion {
  private HbgenVersion() {}

  /** The version string, e.g. {@code 0.1.0}, from the properties file Maven fills in at build time. */
  public static String current() {
    try (InputStream in = HbgenVersion.class.getClassLoader().getResourceAsStream("hbgen/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** Whether {@code a} is a later release than {@code b} (major.minor.patch); false when either is not one. */
  public static boolean newer(String a, String b) {
    int[] x = parts(a);
    int[] y = parts(b);
    if (x == null || y == null) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      if (x[i] != y[i]) {
        return x[i] > y[i];
      }
    }
    return false;
  }

  private static int[] parts(String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})\\.(\\d{1,9})(?:\\.(\\d{1,9}))?.*").matcher(v);
    if (!m.matches()) {
      return null;
    }
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3))};
  }
}
