package hbgen.testing;

import hbgen.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs hbgen in process with captured output (the kcctl test-context pattern). */
public final class Cli {
  private Cli() {}

  /** What one invocation printed and returned. */
  public record Run(int code, String out, String err) {}

  /** Runs {@code hbgen ARGS...} in this JVM. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
