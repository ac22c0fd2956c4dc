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
 * files. A Snakemake working on the search has its own locks in {@code DIR/.snakemake/locks}; a
 * run is refused while they exist too.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file's name at the search root. */
  public static final String FILE = ".hbgen-run.lock";

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
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
        channel.close();
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
