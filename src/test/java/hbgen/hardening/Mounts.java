package hbgen.hardening;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Full disks and read-only directories for tests, undone by {@link #close} (call it from
 * {@code @AfterEach}, which runs before {@code @TempDir} is deleted). A full disk is a small tmpfs,
 * which needs root. A read-only directory is a read-only bind mount as root (root ignores
 * permission bits), and a directory without write permission otherwise. CI runs as root: there a
 * test that needs root fails when it is not, and elsewhere it is skipped.
 */
final class Mounts implements AutoCloseable {
  private final Deque<Path> mounted = new ArrayDeque<>();
  private final Deque<Path> madeReadOnly = new ArrayDeque<>();

  /** Whether this JVM runs as root. */
  static boolean root() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /**
   * Fails a test that needs root, never skips it: the test command needs root anyway (it starts
   * a local Slurm), and a skipped guarantee would read as a kept one.
   */
  static void requireRoot(String what) {
    if (!root()) {
      fail(what + " needs root to mount a tmpfs: run the tests as root, as scripts/test.sh and CI do");
    }
  }

  /** Mounts a tmpfs of {@code size} (mount(8) syntax, e.g. {@code 256k}) on a new directory. */
  Path tmpfs(Path dir, String size) throws IOException, InterruptedException {
    requireRoot("a full-disk test");
    Files.createDirectories(dir);
    exec("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", dir.toString());
    mounted.push(dir);
    return dir;
  }

  /** Makes a directory read-only for this process: a read-only bind mount as root, else no write bits. */
  void readOnly(Path dir) throws IOException, InterruptedException {
    if (root()) {
      exec("mount", "--bind", dir.toString(), dir.toString());
      mounted.push(dir);
      exec("mount", "-o", "remount,bind,ro", dir.toString(), dir.toString());
    } else {
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path d : walk.filter(Files::isDirectory).toList()) {
          Set<PosixFilePermission> mode = Files.getPosixFilePermissions(d);
          mode.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
              PosixFilePermission.OTHERS_WRITE));
          Files.setPosixFilePermissions(d, mode);
          madeReadOnly.push(d);
        }
      }
    }
  }

  /** The words the system uses for a write refused in a read-only directory made by {@link #readOnly}. */
  static String readOnlyReason() {
    return root() ? "read-only file system" : "permission denied";
  }

  /** Fills a file system: a file grows until the disk is full. */
  static void fill(Path file) throws IOException {
    byte[] block = new byte[4096];
    try (var out = Files.newOutputStream(file)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
        throw e;
      }
    }
  }

  @Override public void close() throws IOException, InterruptedException {
    List<String> problems = new ArrayList<>();
    while (!madeReadOnly.isEmpty()) {
      Files.setPosixFilePermissions(madeReadOnly.pop(), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    while (!mounted.isEmpty()) {
      Path dir = mounted.pop();
      if (run("umount", dir.toString()) != 0 && run("umount", "-l", dir.toString()) != 0) {
        problems.add(dir.toString());
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException("cannot unmount " + problems);
    }
  }

  private static void exec(String... cmd) throws IOException, InterruptedException {
    if (run(cmd) != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (see the test output)");
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
