package hbgen.error;

/** Something failed while doing valid work (I/O, a process, the engine): exit code 1. */
public class RuntimeFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RuntimeFailure(String message) {
    super(message);
  }

  public RuntimeFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
