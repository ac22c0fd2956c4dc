package hbgen.cli;

import picocli.CommandLine.IVersionProvider;

/** hbgen's version, from the properties file Maven fills in at build time. */
public final class Version implements IVersionProvider {
  /** The version string, e.g. {@code 0.1.0}. */
  public static String get() {
    return hbgen.search.HbgenVersion.current();
  }

  @Override public String[] getVersion() {
    return new String[] {"hbgen " + get()};
  }
}
