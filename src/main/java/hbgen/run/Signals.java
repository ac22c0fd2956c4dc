package hbgen.run;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * SIGINT and SIGTERM handed to the engine instead of ending the JVM, so that it can stop its
 * trials' process groups and exit 130 or 143 itself. A shutdown hook cannot do this: it cannot
 * tell SIGINT from SIGTERM and runs while the JVM is already exiting. The JDK's only way to catch
 * a signal is {@code sun.misc.Signal} (module jdk.unsupported); it is reached by reflection so that
 * the build stays free of proprietary-API warnings, and where it is missing the signals keep their
 * default (the JVM exits, the trials' groups are left to run.sh's own traps). A signal the process
 * inherited as ignored (a job started with {@code &} by a script ignores SIGINT) stays ignored, as
 * for any Unix program. Closing restores the previous handlers.
 */
public final class Signals implements AutoCloseable {
  private final List<Object> signals = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();
  private Method handle;

  private Signals() {}

  /**
   * Routes SIGINT and SIGTERM to {@code onSignal}, which receives the exit code the signal calls
   * for (130 or 143). It runs on a signal thread and must only hand the request over.
   */
  public static Signals install(IntConsumer onSignal) {
    Signals s = new Signals();
    s.add("INT", 130, onSignal);
    s.add("TERM", 143, onSignal);
    return s;
  }

  private void add(String name, int code, IntConsumer onSignal) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object signal = signalClass.getConstructor(String.class).newInstance(name);
      Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
          (proxy, method, args) -> switch (method.getName()) {
            case "handle" -> {
              onSignal.accept(code);
              yield null;
            }
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "hbgen SIG" + name + " handler";
          });
      previous.add(handle.invoke(null, signal, handler));
      signals.add(signal);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // no sun.misc.Signal, or the JVM reserves this signal (-Xrs): leave it to its default
    }
  }

  @Override public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        handle.invoke(null, signals.get(i), previous.get(i));
      } catch (ReflectiveOperationException | RuntimeException e) {
        // nothing to restore
      }
    }
  }
}
