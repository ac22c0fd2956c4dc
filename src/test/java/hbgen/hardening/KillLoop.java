package hbgen.hardening;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the rounds of a kill loop on a few workers (the machines this runs on have two cores; a
 * child JVM spends much of its start on one, a run much of its time waiting for trainers), until
 * enough rounds have killed their process. Round {@code r} draws from its own generator, a
 * function of the seed and {@code r} only, so a failing round can be replayed.
 */
final class KillLoop {
  private final int workers;
  private final AtomicLong span = new AtomicLong(1);

  KillLoop(int workers) {
    this.workers = workers;
  }

  /** One round; returns how many processes it killed (a kill drawn after the end kills nothing). */
  @FunctionalInterface
  interface Round {
    int run(int number, SplittableRandom random) throws Exception;
  }

  /** What a loop did. */
  record Tally(int rounds, int kills) {}

  /** One uninterrupted run of the command, by worker number; returns how long the command took. */
  @FunctionalInterface
  interface Reference {
    long run(int worker) throws Exception;
  }

  /**
   * How long the command takes when it is not killed, in milliseconds, measured as the rounds will
   * run: on every worker at once (the longest), after a first such run that warms the caches. Kill
   * delays are drawn from zero to this, so that kills land in every phase of the command, its end
   * included.
   */
  long calibrate(Reference reference) throws Exception {
    once(reference);
    span.set(Math.max(1, once(reference)));
    return span.get();
  }

  /**
   * A kill delay in milliseconds, up to the command's duration as known now: uniform over all of
   * it, or (every other draw) over its second half, where the commands write their files while the
   * first half is mostly the JVM starting.
   */
  long delay(SplittableRandom random) {
    long s = span.get();
    return random.nextBoolean() ? random.nextLong(s) : s / 2 + random.nextLong(s - s / 2);
  }

  /**
   * A process of a full run ended before its kill, after {@code millis}: the calibration may have
   * been taken while the machine was busier, so the span moves halfway toward this duration.
   */
  void endedAfter(long millis) {
    span.updateAndGet(s -> millis >= s ? s : Math.max(Math.max(1, millis), (s + millis) / 2));
  }

  /** The span kill delays are drawn from now, in milliseconds. */
  long span() {
    return span.get();
  }

  private long once(Reference reference) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Long>> runs = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        runs.add(pool.submit(() -> reference.run(worker)));
      }
      long longest = 0;
      for (Future<Long> f : runs) {
        try {
          longest = Math.max(longest, f.get());
        } catch (ExecutionException e) {
          throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
      }
      return longest;
    } finally {
      pool.shutdownNow();
    }
  }

  /** The generator of round {@code r}. */
  static SplittableRandom random(long seed, int r) {
    return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (r + 1));
  }

  /**
   * Runs rounds until they have killed {@code kills} processes, or {@code maxRounds} rounds ran
   * (the caller then asserts on the tally); the first failure fails the test with its round.
   */
  Tally run(long seed, int kills, int maxRounds, Round round) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger killed = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        running.add(pool.submit(() -> {
          while (killed.get() < kills) {
            int r = next.getAndIncrement();
            if (r >= maxRounds) {
              break;
            }
            try {
              killed.addAndGet(round.run(r, random(seed, r)));
            } catch (Exception | AssertionError e) {
              next.set(maxRounds); // stop the other worker too
              throw new AssertionError("round " + r + " (seed " + seed + "): " + e.getMessage(), e);
            }
            done.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Tally(done.get(), killed.get());
  }
}
