package hbgen.results;

import hbgen.search.Layout;
import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A generated search (s_max 2, eta 3: brackets of 9/3/1, 5/1 and 3 trials, maximizing accuracy)
 * whose trial files tests write by hand, as run.sh and the workflow's promotion would.
 */
public final class SearchFixture {
  /** The search root. */
  public final Path root;

  private SearchFixture(Path root) {
    this.root = root;
  }

  /** Generates the search into {@code dir/name}. */
  public static SearchFixture create(Path dir, String... extra) {
    Path root = dir.resolve("search");
    String[] base = {"generate", "2", "3", "-o", root.toString(), "--random-seed", "1", "--objective", "accuracy",
        "--maximize", "-k", "5"};
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    Cli.Run run = Cli.run(args);
    assertThat(run.code()).as(run.err()).isZero();
    return new SearchFixture(root);
  }

  public SearchDir open() {
    return SearchDir.open(root);
  }

  public SearchResults read() {
    return SearchResults.read(open());
  }

  public static TrialId id(String path) {
    return Layout.parseTrial(path);
  }

  /** A completed trial: started marker, result, ledger line. */
  public SearchFixture complete(String trial, double accuracy, double loss, String time) {
    start(trial, time);
    write(trial + "/result", "{\"accuracy\": " + accuracy + ", \"loss\": " + loss + "}\n");
    ledger(time, trial, "completed", Double.toString(accuracy), budget(trial), "4", "1",
        "{\"accuracy\": " + accuracy + ", \"loss\": " + loss + "}", "");
    return this;
  }

  /** A failed trial: failed marker, result nan, ledger line. */
  public SearchFixture fail(String trial, String time) {
    start(trial, time);
    write(trial + "/failed", "time: " + time + "\nexit_code: 1\nreason: 'exit code 1: it''s broken'\nattempts: 2\n"
        + "last_log_lines: |\n  Traceback\n  reason: not this one\n");
    write(trial + "/result", "nan\n");
    ledger(time, trial, "failed", "nan", budget(trial), "7", "2", "{}", "exit code 1: it's broken");
    return this;
  }

  /** A started trial without a result. */
  public SearchFixture start(String trial, String time) {
    write(trial + "/started", "time: " + time + "\nhost: node-7\npid: 4242\nslurm_job_id: 99\nattempt: 1\nbudget: "
        + budget(trial) + "\n");
    return this;
  }

  /**
   * A started trial without a result whose launcher nothing here can check: another host, and no
   * Slurm job to ask about (whether or not this machine runs Slurm).
   */
  public SearchFixture startElsewhere(String trial, String time) {
    write(trial + "/started", "time: " + time + "\nhost: node-7\npid: 4242\nslurm_job_id: \nattempt: 1\nbudget: "
        + budget(trial) + "\n");
    return this;
  }

  /** Promotion: {@code parent}'s config copied to {@code slot}, with promoted-from and the stage's promotion.yaml. */
  public SearchFixture promote(String parent, String slot) {
    write(slot + "/config", read(parent + "/config"));
    write(slot + "/promoted-from", parent + "\n");
    TrialId s = id(slot);
    write("bracket-" + s.bracket() + "/stage-" + s.stage() + "/promotion.yaml", "bracket: " + s.bracket() + "\n");
    return this;
  }

  /** Marks a stage's promotion as done (promotion.yaml) without filling every slot. */
  public SearchFixture promotionDone(int bracket, int stage) {
    write("bracket-" + bracket + "/stage-" + stage + "/promotion.yaml", "bracket: " + bracket + "\n");
    return this;
  }

  public SearchFixture ledger(String... cells) {
    try {
      Files.writeString(root.resolve(Layout.LEDGER), String.join("\t", cells[0], cells[1], cells[2], cells[3], cells[4],
          cells[5], cells[6], cells[7], cells[8], "node-7", "99") + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public SearchFixture write(String relative, String text) {
    try {
      Path p = root.resolve(relative);
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public String read(String relative) {
    try {
      return Files.readString(root.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The stage budgets of the plan: 1, 3, 9 (bracket 0), 3, 9 (bracket 1), 9 (bracket 2). */
  public static String budget(String trial) {
    TrialId id = id(trial);
    int[][] budgets = {{1, 3, 9}, {3, 9}, {9}};
    return Integer.toString(budgets[id.bracket()][id.stage()]);
  }

  /**
   * A finished search: every trial of bracket 0 completed along one lineage (config-8 wins),
   * bracket 1 with a failure and one unfilled promotion, bracket 2 all completed.
   */
  public static SearchFixture finished(Path dir) {
    SearchFixture f = create(dir);
    for (int c = 0; c < 9; c++) {
      f.complete("bracket-0/stage-0/config-" + c, 0.5 + c * 0.05, 1 - c * 0.1, "2026-01-01T00:00:0" + c + "Z");
    }
    f.promote("bracket-0/stage-0/config-8", "bracket-0/stage-1/config-0")
        .promote("bracket-0/stage-0/config-7", "bracket-0/stage-1/config-1")
        .promote("bracket-0/stage-0/config-6", "bracket-0/stage-1/config-2");
    f.complete("bracket-0/stage-1/config-0", 0.95, 0.1, "2026-01-01T00:01:00Z")
        .complete("bracket-0/stage-1/config-1", 0.9, 0.2, "2026-01-01T00:01:01Z")
        .complete("bracket-0/stage-1/config-2", 0.8, 0.3, "2026-01-01T00:01:02Z");
    f.promote("bracket-0/stage-1/config-0", "bracket-0/stage-2/config-0")
        .complete("bracket-0/stage-2/config-0", 0.97, 0.05, "2026-01-01T00:02:00Z");
    for (int c = 0; c < 5; c++) {
      f.fail("bracket-1/stage-0/config-" + c, "2026-01-01T00:00:3" + c + "Z");
    }
    f.promotionDone(1, 1).write("bracket-1/stage-1/config-0/skipped", "reason: 'not promoted'\n")
        .write("bracket-1/stage-1/config-0/result", "nan\n");
    for (int c = 0; c < 3; c++) {
      f.complete("bracket-2/stage-0/config-" + c, 0.6 + c * 0.1, 0.5, "2026-01-01T00:03:0" + c + "Z");
    }
    return f;
  }
}
