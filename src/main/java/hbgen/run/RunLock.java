package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.search.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One engine per search: an exclusive lock on {@code DIR/.hbgen-run.lock}, held while the engine
 * runs. The operating system releases it when the process dies, even by SIGKILL, so it is never
 * stale. The file is left in place: deleting a lock file lets two later runs lock two different
 * files. A Snakemake working on the search shares that lock for as long as it runs (the
 * Snakefile takes it, and refuses to start while hbgen holds it, see {@code hold_search} in
 * hbgen_workflow.py); it also has its own locks in {@code DIR/.snakemake/locks}. A run is refused
 * while either is held.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name at the search root. */
  public static final String FILE = ".hbgen-run.lock";
  /**
   * Set for the Snakemake that {@code hbgen run --engine snakemake} starts: the pid of the hbgen
   * holding the lock on its behalf, so that its Snakefile does not refuse to run.
   */
  public static final String PID_VARIABLE = "HBGEN_RUN_LOCK_PID";

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails with a message saying who holds the search. */
  public static RunLock acquire(Path root) {
    checkSnakemake(root);
    return acquireFile(root);
  }

  /**
   * Takes only hbgen's own lock, for {@code hbgen run --engine snakemake}: Snakemake checks its own
   * locks (and may be asked to remove stale ones with {@code --unlock}).
   */
  public static RunLock acquireForSnakemake(Path root) {
    return acquireFile(root);
  }

  private static RunLock acquireFile(Path root) {
    Path file = root.resolve(FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        boolean snakemake = onlyShared(channel);
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        channel.close();
        if (snakemake) {
          throw new RuntimeFailure(root + ": Snakemake is using this search (it shares " + file
              + "); start hbgen run once it has finished, or stop it first");
        }
        throw new RuntimeFailure(root + ": another hbgen run (pid " + (holder.matches("[0-9]+") ? holder : "unknown")
            + ") is using this search");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new RunLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new RuntimeFailure(file + ": cannot lock the search: " + AtomicFiles.describe(e), e);
    }
  }

  /** Whether the lock is held shared only (by Snakefiles), not exclusively (by another hbgen run). */
  private static boolean onlyShared(FileChannel channel) throws IOException {
    try {
      FileLock shared = channel.tryLock(0, Long.MAX_VALUE, true);
      if (shared == null) {
        return false;
      }
      shared.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held by this very process: another run in this JVM
    }
  }

  private static void checkSnakemake(Path root) {
    Path locks = root.resolve(".snakemake").resolve("locks");
    if (!Files.isDirectory(locks)) {
      return;
    }
    try (var entries = Files.list(locks)) {
      if (entries.findAny().isPresent()) {
        throw new RuntimeFailure(root + ": Snakemake is using this search (" + locks + " is not empty); if no snakemake"
            + " is running, remove its stale lock with: snakemake --snakefile " + root.resolve("Snakefile") + " --unlock");
      }
    } catch (IOException e) {
      throw new RuntimeFailure(locks + ": cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      // the lock error being reported matters more
    }
  }

  @Override public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below releases it as well
    }
    closeQuietly(channel);
  }
}
