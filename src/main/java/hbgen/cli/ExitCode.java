package hbgen.cli;

/** hbgen's exit codes (SPEC section 6), named as picocli's {@code CommandLine.ExitCode} names its own. */
public final class ExitCode {
  /** The command did what was asked. */
  public static final int OK = 0;
  /** Valid input, but the work failed: I/O, a process, a search whose trials all failed. */
  public static final int FAILURE = 1;
  /** Bad input: an option, a file, a directory; nothing was changed. */
  public static final int USAGE = 2;
  /** Stopped by Ctrl-C (128 + SIGINT, as shells report it). */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
