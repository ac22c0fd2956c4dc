package hbgen.error;

/** Bad input from the user (arguments, space file, templates, directories): exit code 2. */
public class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageError(String message) {
    super(message);
  }

  public UsageError(String message, Throwable cause) {
    super(message, cause);
  }
}
