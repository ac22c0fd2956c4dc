package hbgen.status;

import hbgen.search.ProcessProbe;
import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A search written by {@code hbgen generate 2 3} (maximize accuracy) whose trials are put into
 * any state by writing the files run.sh and promotion would write, in their formats.
 *
 * <p>The plan: bracket 0 has stages of 9, 3 and 1 slots (budgets 1, 3, 9), bracket 1 of 5 and 1
 * (budgets 3, 9), bracket 2 one stage of 3 (budget 9).
 */
public final class SearchFixture {
  /** This machine's name, asked once: every marker of a fixture carries it. */
  private static final String HOST = askHostname();

  final Path root;
  /** A pid whose process is gone, for launchers that are gone (one process per fixture, not per trial). */
  private final long gone = deadPid();

  private SearchFixture(Path root) {
    this.root = root;
  }

  /** Writes the search into {@code dir} (which must not exist yet, or be empty). */
  static SearchFixture generate(Path dir) {
    Cli.Run run = Cli.run("generate", "2", "3", "-o", dir.toString(), "--random-seed", "7", "--objective", "accuracy",
        "--maximize", "--trainer", "true");
    assertThat(run.code()).as(run.err()).isZero();
    return new SearchFixture(dir);
  }

  Path dir(String trial) {
    return root.resolve(trial);
  }

  /** A trial that completed: started marker, result and ledger line, as run.sh leaves them. */
  SearchFixture completed(String trial, String accuracy) {
    started(trial, gone, hostname(), "");
    write(trial, "result", "{\"accuracy\": " + accuracy + ", \"loss\": 0.5}\n");
    ledger(trial, "completed", accuracy, 4, "{\"accuracy\": " + accuracy + ", \"loss\": 0.5}", "");
    return this;
  }

  /** A trial that failed: the trainer exited with {@code code}. */
  SearchFixture failedWithExitCode(String trial, int code) {
    return failed(trial, code, "exit code " + code, List.of("Traceback (most recent call last):", "ValueError: boom"));
  }

  /** A trial that failed because its objective was NaN (exit code 0). */
  SearchFixture failedWithNan(String trial) {
    return failed(trial, 0, "objective is nan", List.of("epoch 1: loss nan"));
  }

  SearchFixture failed(String trial, int code, String reason, List<String> log) {
    started(trial, gone, hostname(), "");
    StringBuilder marker = new StringBuilder();
    marker.append("time: ").append(now()).append('\n')
        .append("kind: ").append(reason.startsWith("objective is") ? "nan_objective" : "exit_code").append('\n')
        .append("exit_code: ").append(code).append('\n')
        .append("reason: '").append(reason.replace("'", "''")).append("'\n")
        .append("attempts: 1\n")
        .append("last_log_lines: |\n");
    log.forEach(l -> marker.append("  ").append(l).append('\n'));
    write(trial, "log", String.join("\n", log) + "\n");
    write(trial, "failed", marker.toString());
    ledger(trial, "failed", "nan", 2, "{}", reason);
    write(trial, "result", "nan\n");
    return this;
  }

  /** A trial whose launcher is this test's own JVM, alive on this host. */
  SearchFixture running(String trial) {
    return started(trial, ProcessHandle.current().pid(), hostname(), "");
  }

  /** A trial whose launcher (on this host) is gone. */
  SearchFixture interrupted(String trial) {
    started(trial, gone, hostname(), "");
    write(trial, "log", "epoch 1\nepoch 2\n");
    return this;
  }

  /** A promotion slot left empty, as run.sh marks it. */
  SearchFixture skipped(String trial) {
    write(trial, "skipped", "reason: 'not promoted: the previous stage had too few finished trials'\n");
    write(trial, "result", "nan\n");
    return this;
  }

  /** The started marker of run.sh. */
  SearchFixture started(String trial, long pid, String host, String slurmJob) {
    write(trial, "started", "time: " + now() + "\nhost: " + host + "\npid: " + pid + "\nslurm_job_id: " + slurmJob
        + "\nattempt: 1\nbudget: 1\n");
    return this;
  }

  /** Promotes {@code parents} (trial paths of stage - 1) into the slots of {@code stage}, in order; the rest stay empty. */
  SearchFixture promoted(int bracket, int stage, String... parents) {
    for (int k = 0; k < parents.length; k++) {
      String slot = "bracket-" + bracket + "/stage-" + stage + "/config-" + k;
      try {
        write(slot, "config", Files.readString(dir(parents[k]).resolve("config")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      write(slot, "promoted-from", parents[k] + "\n");
    }
    write("bracket-" + bracket + "/stage-" + stage, "promotion.yaml", "bracket: " + bracket + "\nstage: " + stage
        + "\npromoted: " + parents.length + "\n");
    return this;
  }

  /** Appends a ledger line in run.sh's column order. */
  SearchFixture ledger(String trial, String state, String objective, long seconds, String metrics, String reason) {
    String line = String.join("\t", now(), trial, state, objective, budgetOf(trial), Long.toString(seconds), "1", metrics,
        reason, hostname(), "") + "\n";
    try {
      Files.writeString(root.resolve("results.tsv"), line, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  SearchFixture write(String trial, String file, String text) {
    try {
      Path p = dir(trial).resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  private static String budgetOf(String trial) {
    // bracket -> stage -> budget of the plan of "generate 2 3"
    String[][] budgets = {{"1", "3", "9"}, {"3", "9"}, {"9"}};
    String[] parts = trial.split("/");
    int b = Integer.parseInt(parts[0].substring("bracket-".length()));
    int s = Integer.parseInt(parts[1].substring("stage-".length()));
    return budgets[b][s];
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** This machine's name as run.sh's {@code $(hostname)} writes it. */
  public static String hostname() {
    return HOST;
  }

  private static String askHostname() {
    try {
      Process p = new ProcessBuilder("hostname").redirectErrorStream(true).start();
      String name = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(10, TimeUnit.SECONDS);
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The pid of a process that has finished (and been reaped). */
  public static long deadPid() {
    try {
      Process p = new ProcessBuilder("true").start();
      p.waitFor(10, TimeUnit.SECONDS);
      return p.pid();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The symbols of a text status's stage line, e.g. "CCF" (the grid is the line's last word). */
  static String grid(String text, int bracket, int stage) {
    List<String> lines = new ArrayList<>(text.lines().toList());
    boolean inBracket = false;
    for (String line : lines) {
      if (line.startsWith("Bracket ")) {
        inBracket = line.startsWith("Bracket " + bracket + " ");
      } else if (inBracket && line.startsWith("  Stage " + stage + " ")) {
        String[] words = line.strip().split("\\s+");
        return words[words.length - 1];
      }
    }
    throw new AssertionError("no stage " + stage + " of bracket " + bracket + " in:\n" + text);
  }

  /** A status of this search, checked by this machine's probe. */
  SearchStatus scan() {
    return new StatusScanner(ProcessProbe.system()).scan(hbgen.search.SearchDir.open(root), root.toString());
  }
}
