package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.render.Json;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchView;
import hbgen.search.SearchDir;
import hbgen.search.FailedMarker;
import hbgen.search.TrialFiles;
import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import hbgen.trial.TrialState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The embedded engine: runs a search's DAG on this machine with the search's own run.sh, the
 * promotion and best that the Snakefile's jobs also run ({@link PromotionFiles} and {@link
 * BestFiles}, through {@code hbgen promote} and {@code hbgen finish}), and the files as
 * the only state. One thread owns everything: it starts up to {@code -j} trials as processes,
 * waits for their exits (and for signals) on one queue, promotes a stage as soon as the one before
 * it is complete and writes the best configuration when every trial has finished. A rerun skips
 * finished trials, adopts trials still running from a killed run ({@link Survivors}) and reruns
 * interrupted ones. A trainer that cannot work stops the run early ({@link FailFast}); a search in
 * which no trial has a usable result ends in a {@link RuntimeFailure}.
 */
public final class Engine {
  /** Exit codes of a run stopped by SIGINT and SIGTERM. */
  public static final int INTERRUPTED = 130;

  private sealed interface Event permits Exited, Stop {}

  private record Exited(TrialId id, int code) implements Event {}

  private record Stop(int code) implements Event {}

  /** A trial process: started by this run, or adopted (no Process: polled through /proc). */
  private record Running(TrialId id, long pid, boolean group, Process process, OptionalInt gpu) {}

  private final SearchDir search;
  private final RunSettings settings;
  private final PrintWriter out;
  private final PrintWriter err;
  private final TrialLauncher launcher;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Map<TrialId, Running> running = new TreeMap<>();
  private final List<String> launchErrors = new ArrayList<>();
  private final GpuSlots gpus;
  // One thread per slot blocks in waitFor: Process.onExit() would start a thread per trial on
  // machines with fewer than three cores (CompletableFuture's async pool) and reap twice.
  private final ExecutorService waiters;
  private Schedule schedule;
  private long failed;
  private long ran;
  private double doneBudget;
  private long startNanos;
  private boolean toldGpuWait;
  private FailFast failFast;
  private FailFast.Verdict giveUp;

  public Engine(SearchDir search, RunSettings settings, PrintWriter out, PrintWriter err) {
    this.search = search;
    this.settings = settings;
    this.out = out;
    this.err = err;
    this.launcher = new TrialLauncher(search.root(), TrialLauncher.findSetsid());
    this.gpus = settings.gpus().map(GpuSlots::new).orElse(null);
    this.waiters = Executors.newFixedThreadPool(settings.slots(), r -> {
      Thread t = new Thread(r, "hbgen-trial-waiter");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs the search to its end (0), or until a signal stops it (130 or 143); a {@link
   * RuntimeFailure} when the trainer cannot work or no trial has a usable result.
   */
  public int run() {
    try {
      return runSearch();
    } finally {
      waiters.shutdownNow();
    }
  }

  private int runSearch() {
    startNanos = System.nanoTime();
    checkGpus();
    Path root = search.root();
    schedule = new Schedule(search.plan(), id -> TrialFiles.finished(search.dir(id)),
        ref -> PromotionFiles.done(root, ref), search.batches(), b -> ProposalFiles.done(root, b));
    long before = schedule.finished();
    failFast = new FailFast(schedule.total());
    TrialLog.endTornLedgerLine(new Layout(root).ledger());
    Map<String, Long> launchers = Survivors.scan(root.toAbsolutePath());
    for (TrialId id : search.trials()) {
      Path dir = search.dir(id);
      if (schedule.isFinished(id)) {
        failed += TrialFiles.failed(dir) ? 1 : 0;
      } else if (!adoptIfRunning(id, dir, launchers.get(id.path())) && TrialFiles.finished(dir)) {
        // A survivor that ended after the schedule looked at its directory: done, not to run again.
        schedule.adopt(id);
        schedule.finish(id);
        failed += TrialFiles.failed(dir) ? 1 : 0;
      }
    }
    promoteDue();
    if (schedule.complete() && running.isEmpty() && Files.exists(new Layout(root).best())) {
      out.printf("Nothing to do: all %d trials of %s have finished and %s is written.%n",
          schedule.total(), root, Layout.BEST);
      out.flush();
      return verdict(failed == 0 || search.trials().stream().anyMatch(id -> usable(id)));
    }
    out.printf("hbgen run: %s: %d trials, %d finished before%s; up to %d at a time%s.%n", root, schedule.total(), before,
        running.isEmpty() ? "" : ", " + running.size() + " still running from an earlier run",
        settings.slots(), settings.gpus().map(g -> " on GPUs " + join(g.gpus()) + " (" + g.perGpu() + " per GPU)").orElse(""));
    out.flush();
    Signals signals = Signals.install(c -> events.add(new Stop(c)));
    try {
      int code;
      try (Progress progress = settings.bar()
          ? new BarProgress(err, schedule.total(), before)
          : new LineProgress(err, settings.lineInterval())) {
        code = loop(progress);
      }
      if (giveUp != null) {
        int stopped = stopAll();
        throw new RuntimeFailure(giveUp.message(trainer()) + "; stopped " + plural(stopped, "running trial")
            + "; fix the trainer, then rerun the failed trials ('hbgen status " + root + " --failed' shows them)");
      }
      if (code != 0) {
        int stopped = stopAll();
        err.printf("hbgen run: interrupted: stopped %s%s; run 'hbgen run %s' again to resume.%n",
            plural(stopped, "running trial"), running.isEmpty() ? "" : " (" + running.size() + " did not exit)", root);
        err.flush();
        return code;
      }
    } finally {
      if (!running.isEmpty()) {
        stopAll();
      }
      signals.close();
    }
    return finish();
  }

  /**
   * Refuses a {@code --gpus} index that nvidia-smi does not list (a trial placed there would fail
   * or run on the CPU). Without load limits nvidia-smi is asked only if it is on PATH, so that a
   * machine without it can still hand out GPU indices.
   */
  private void checkGpus() {
    Optional<GpuPolicy> policy = settings.gpus();
    if (policy.isEmpty() || !policy.get().watchesLoad() && !NvidiaSmi.onPath()) {
      return;
    }
    Set<Integer> known = NvidiaSmi.query().keySet();
    Set<Integer> missing = new TreeSet<>(policy.get().gpus());
    missing.removeAll(known);
    if (!missing.isEmpty()) {
      throw new UsageError("--gpus: nvidia-smi reports no GPU " + join(List.copyOf(missing))
          + " (it reports " + (known.isEmpty() ? "none" : join(List.copyOf(known))) + ")");
    }
  }

  /**
   * Adopts a trial whose run.sh is still running: the one its {@code started} marker names, else
   * one found by its command line ({@code scanned}, may be null). Returns whether it did.
   */
  private boolean adoptIfRunning(TrialId id, Path dir, Long scanned) {
    OptionalLong pid = Survivors.pid(search.root().toAbsolutePath(), dir, id.path());
    if (pid.isEmpty() && scanned != null && Survivors.alive(scanned)) {
      pid = OptionalLong.of(scanned);
    }
    if (pid.isEmpty()) {
      return false;
    }
    long p = pid.getAsLong();
    OptionalInt gpu = gpus == null ? OptionalInt.empty() : Survivors.gpu(p);
    gpu.ifPresent(g -> gpus.occupy(g, millis()));
    schedule.adopt(id);
    running.put(id, new Running(id, p, Survivors.leadsGroup(p), null, gpu));
    return true;
  }

  private int loop(Progress progress) {
    boolean stageDone = false;
    while (true) {
      dispatch();
      boolean end = running.isEmpty() && !schedule.hasReady();
      progress.update(counts(), stageDone || end);
      if (end) {
        return 0;
      }
      Event e;
      try {
        e = events.poll(waitMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        e = new Stop(INTERRUPTED);
      }
      stageDone = false;
      if (e instanceof Stop s) {
        return s.code();
      } else if (e instanceof Exited x) {
        stageDone = exited(x.id(), x.code());
      }
      for (Running r : List.copyOf(running.values())) {
        if (r.process() == null && !Survivors.alive(r.pid())) {
          stageDone |= exited(r.id(), -1);
        }
      }
      if (giveUp != null) {
        return 1;
      }
    }
  }

  private void dispatch() {
    Map<Integer, GpuLoad> loads = null;
    while (running.size() < settings.slots() && schedule.hasReady()) {
      OptionalInt gpu = OptionalInt.empty();
      if (gpus != null) {
        if (loads == null) {
          loads = settings.gpus().get().watchesLoad() ? NvidiaSmi.query() : Map.of();
        }
        gpu = gpus.place(millis(), loads);
        for (String note : gpus.takeNotes()) {
          err.println("hbgen run: " + note);
          err.flush();
        }
        if (gpu.isEmpty()) {
          tellGpuWait();
          return;
        }
      }
      TrialId id = schedule.take().orElseThrow();
      start(id, gpu);
    }
  }

  private void tellGpuWait() {
    if (!toldGpuWait && running.isEmpty() && settings.gpus().get().watchesLoad()) {
      err.println("hbgen run: waiting for a GPU: nvidia-smi reports every GPU of --gpus over the limits");
      err.flush();
      toldGpuWait = true;
    }
  }

  private void start(TrialId id, OptionalInt gpu) {
    String budget = Json.budget(schedule.budget(id));
    Process p;
    try {
      p = launcher.start(id, budget, gpu);
    } catch (IOException e) {
      releaseGpu(gpu);
      schedule.fail(id);
      // ProcessBuilder wraps the failure to open the log for its redirect: report that one.
      IOException why = e.getCause() instanceof java.io.FileNotFoundException f ? f : e;
      launchErrors.add(id.path() + ": cannot start run.sh: " + AtomicFiles.describe(why));
      return;
    }
    ran++;
    running.put(id, new Running(id, p.pid(), launcher.groups(), p, gpu));
    waiters.execute(() -> events.add(new Exited(id, waitFor(p))));
  }

  private static int waitFor(Process p) {
    try {
      return p.waitFor();
    } catch (InterruptedException e) {
      // only shutdownNow() interrupts a waiter, once the engine no longer listens
      return -1;
    }
  }

  /** A trial's process ended; returns whether that completed a stage. */
  private boolean exited(TrialId id, int code) {
    Running r = running.remove(id);
    if (r == null) {
      return false;
    }
    releaseGpu(r.gpu());
    Path dir = search.dir(id);
    if (!TrialFiles.finished(dir)) {
      schedule.fail(id);
      String exit = "run.sh exited" + (code >= 0 ? " with code " + code : "") + " without a result";
      launchErrors.add(id.path() + ": " + exit + TrialLog.whyNoResult(dir.resolve(Layout.LOG), exit));
      return false;
    }
    boolean stageDone = schedule.finish(id);
    doneBudget += schedule.budget(id);
    SearchView.Trial trial = SearchView.fromFiles(search, id);
    boolean trialFailed = trial.snapshot().state() == TrialState.FAILED;
    failed += trialFailed ? 1 : 0;
    if (trial.snapshot().state() == TrialState.COMPLETED) {
      failFast.succeeded();
    } else if (trialFailed) {
      // A verdict on the search's last trial changes nothing: the run ends anyway, and reports it.
      failFast.failed(id, failure(trial)).filter(v -> !schedule.complete()).ifPresent(v -> giveUp = v);
    }
    promoteDue();
    return stageDone;
  }

  /** Whether a trial has a usable result, by the one rule of {@link SearchView}. */
  private boolean usable(TrialId id) {
    return SearchView.fromFiles(search, id).snapshot().state() == TrialState.COMPLETED;
  }

  /** How a failed trial failed: its kind, and the exit code and output its {@code failed} marker records. */
  private static FailFast.Failure failure(SearchView.Trial trial) {
    FailedMarker m = trial.record().failed();
    if (m == null) {
      return new FailFast.Failure(trial.snapshot().kind().label(), 0, trial.snapshot().reason(), "");
    }
    String last = "";
    for (String line : m.lastLogLines()) {
      // run.sh's own lines are "TIME hbgen: ..."; keep the last line the trainer wrote.
      if (!line.isBlank() && !line.matches("\\S+ hbgen: .*")) {
        last = line;
      }
    }
    return new FailFast.Failure(m.kind().label(), m.exitCode(), m.reason(), last);
  }

  /** The search's training command, as its manifest records it. */
  private String trainer() {
    return search.manifest().get("trainer") instanceof Map<?, ?> t ? String.valueOf(t.get("command")) : "?";
  }

  private static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Writes every promotion and proposal whose inputs have finished (a proposal can make the next one due). */
  private void promoteDue() {
    for (Schedule.StageRef ref : schedule.takeDue()) {
      PromotionFiles.promote(search, ref);
      schedule.promoted(ref);
    }
    for (var batch = schedule.takeDueProposal(); batch.isPresent(); batch = schedule.takeDueProposal()) {
      ProposalFiles.propose(search, batch.get());
      schedule.proposed(batch.get());
    }
  }

  private void releaseGpu(OptionalInt gpu) {
    if (gpus != null && gpu.isPresent()) {
      gpus.release(gpu.getAsInt());
    }
  }

  private long waitMillis() {
    long wait = 1000;
    if (running.values().stream().anyMatch(r -> r.process() == null)) {
      wait = 250;
    }
    if (gpus != null && schedule.hasReady() && running.size() < settings.slots()) {
      long now = millis();
      long delayEnd = gpus.nextDelayEnd(now);
      if (delayEnd != Long.MAX_VALUE) {
        wait = Math.min(wait, Math.max(1, delayEnd - now));
      }
    }
    return wait;
  }

  /**
   * Stops every running trial: SIGTERM to its process group (run.sh then stops its trainer and
   * writes no result, so the trial shows as interrupted), SIGKILL after the grace period. Returns
   * how many were stopped before they finished.
   */
  private int stopAll() {
    int stopped = 0;
    for (Running r : running.values()) {
      TrialLauncher.signal(r.pid(), r.group(), "TERM");
    }
    long deadline = millis() + settings.stopGrace().toMillis();
    boolean killed = false;
    while (!running.isEmpty()) {
      long now = millis();
      if (now >= deadline && !killed) {
        running.values().forEach(r -> TrialLauncher.signal(r.pid(), r.group(), "KILL"));
        killed = true;
        deadline = now + 5000;
      } else if (now >= deadline) {
        break;
      }
      Event e;
      try {
        e = events.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      }
      if (e instanceof Stop && !killed) {
        deadline = now; // a second Ctrl-C: no more grace
      }
      List<TrialId> ended = new ArrayList<>();
      if (e instanceof Exited x) {
        ended.add(x.id());
      }
      running.values().stream().filter(r -> r.process() == null && !Survivors.alive(r.pid()))
          .forEach(r -> ended.add(r.id()));
      for (TrialId id : ended) {
        Running r = running.remove(id);
        if (r == null) {
          continue;
        }
        releaseGpu(r.gpu());
        if (TrialFiles.finished(search.dir(id))) {
          schedule.finish(id);
          failed += TrialFiles.failed(search.dir(id)) ? 1 : 0;
        } else {
          schedule.release(id);
          stopped++;
        }
      }
    }
    return stopped;
  }

  private int finish() {
    Path root = search.root();
    Duration elapsed = elapsed();
    if (!schedule.complete()) {
      int n = launchErrors.size();
      throw new RuntimeFailure(n + " trial" + (n == 1 ? "" : "s") + " could not run, so "
          + (schedule.total() - schedule.finished()) + " of " + schedule.total() + " trials are unfinished; first: "
          + (launchErrors.isEmpty() ? "unknown" : launchErrors.get(0)) + "; fix it and run 'hbgen run " + root + "' again");
    }
    Optional<Outcome> best = BestFiles.write(search);
    out.printf("Finished all %d trials (%d failed; %d ran in this run) in %s.%n", schedule.total(), failed, ran,
        RunCounts.clock(elapsed));
    if (best.isPresent()) {
      Outcome o = best.get();
      out.printf("Best: %s, %s %s at budget %s (%s).%n", o.id().path(),
          search.objective().isEmpty() ? "objective" : search.objective(), o.objectiveText(),
          Json.budget(o.budget()), new Layout(root).best());
    }
    out.flush();
    return verdict(best.isPresent());
  }

  /**
   * The exit code of a finished search: 0 when some trial has a usable result (saying how many
   * failed), a {@link RuntimeFailure} when none has.
   */
  private int verdict(boolean anyUsable) {
    String why = "'hbgen status " + search.root() + " --failed' shows why";
    if (!anyUsable) {
      long total = schedule.total();
      throw new RuntimeFailure((failed == total ? "all " + plural(total, "trial") + " failed"
          : "no trial finished with a usable result (" + failed + " of " + total + " failed, the others were not promoted)")
          + " with the trainer '" + trainer() + "'; " + why);
    }
    if (failed > 0) {
      out.printf("%d of %d trials failed: %s.%n", failed, schedule.total(), why);
      out.flush();
    }
    return 0;
  }

  private RunCounts counts() {
    Duration elapsed = elapsed();
    return new RunCounts(schedule.total(), schedule.finished(), failed, running.size(), elapsed,
        RunCounts.estimate(elapsed, doneBudget, schedule.remainingBudget()));
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private static long millis() {
    return System.nanoTime() / 1_000_000;
  }

  private static String join(List<Integer> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }
}
