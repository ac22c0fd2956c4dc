package hbgen.status;

import hbgen.search.FailedMarker;
import hbgen.search.Layout;
import hbgen.search.TrialFiles;
import hbgen.search.TrialRecord;
import hbgen.trial.FailureKind;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code hbgen status --failed}: every failed or interrupted trial with its reason and the tail of
 * its log, then how to rerun them and what else that reruns. Snakemake decides reruns by
 * modification time, so a new result of a trial whose stage was already promoted reruns that
 * promotion, every trial of the next stage (their input, promotion.yaml, changes), and so on to
 * the bracket's last stage, and then best.yaml.
 *
 * @param items the trials, in bracket, stage and configuration order
 * @param downstream per bracket, what already ran after the failed trials and will run again
 * @param bestWritten whether best.yaml exists (and will be written again)
 */
public record FailedReport(List<Item> items, List<Downstream> downstream, boolean bestWritten) {
  /** Log lines shown for an interrupted trial (failed ones show what their marker kept). */
  static final int LOG_LINES = 20;

  public FailedReport {
    items = List.copyOf(items);
    downstream = List.copyOf(downstream);
  }

  /**
   * One trial to rerun.
   *
   * @param trial the trial (failed or interrupted)
   * @param kind the kind of its reason
   * @param attempts attempts made (0 when unknown)
   * @param exitCode the trainer's last exit code (-1 when unknown or not applicable)
   * @param lastLogLines the tail of its log
   */
  public record Item(TrialSnapshot trial, FailureKind kind, int attempts, int exitCode, List<String> lastLogLines) {
    public Item {
      lastLogLines = List.copyOf(lastLogLines);
    }
  }

  /**
   * What reruns in one bracket after its failed trials get new results.
   *
   * @param bracket the bracket
   * @param stages the later stages whose promotion already ran (each reruns with all its trials)
   * @param trials the finished trials of those stages, which train again
   */
  public record Downstream(int bracket, List<Integer> stages, long trials) {
    public Downstream {
      stages = List.copyOf(stages);
    }
  }

  /** Builds the report, reading the failed markers and log tails of the trials concerned. */
  public static FailedReport of(SearchStatus s, Path root) {
    Layout layout = new Layout(root);
    List<Item> items = new ArrayList<>();
    List<Downstream> downstream = new ArrayList<>();
    for (BracketStatus b : s.brackets()) {
      int firstFailedStage = -1;
      for (StageStatus st : b.stages()) {
        for (TrialSnapshot t : st.trials()) {
          if (t.state() == TrialState.FAILED) {
            items.add(failed(t, layout));
            firstFailedStage = firstFailedStage < 0 ? st.stage().index() : firstFailedStage;
          } else if (t.state() == TrialState.INTERRUPTED) {
            items.add(new Item(t, t.kind(), 0, -1,
                TrialFiles.logTail(layout.marker(t.id(), Layout.LOG), LOG_LINES)));
          }
        }
      }
      if (firstFailedStage >= 0) {
        List<Integer> stages = new ArrayList<>();
        long trials = 0;
        for (StageStatus st : b.stages().subList(firstFailedStage + 1, b.stages().size())) {
          if (!st.promotionDone()) {
            break;
          }
          stages.add(st.stage().index());
          trials += st.counts().finished() - st.counts().get(TrialState.SKIPPED);
        }
        if (!stages.isEmpty()) {
          downstream.add(new Downstream(b.index(), stages, trials));
        }
      }
    }
    return new FailedReport(items, downstream, Files.isRegularFile(layout.best()));
  }

  private static Item failed(TrialSnapshot t, Layout layout) {
    TrialRecord r = TrialFiles.read(layout, t.id(), false);
    if (r.failed() != null) {
      FailedMarker m = r.failed();
      return new Item(t, t.kind(), m.attempts(), m.exitCode(), m.lastLogLines());
    }
    // No marker: the trial failed because its result is bad (status found it); show its log.
    return new Item(t, t.kind(), 0, -1, TrialFiles.logTail(layout.marker(t.id(), Layout.LOG), LOG_LINES));
  }

  /** Trials whose result must be removed before a rerun (the failed ones; interrupted ones have none). */
  public List<String> toRemove() {
    return items.stream()
        .filter(i -> i.trial().state() == TrialState.FAILED)
        .map(i -> i.trial().path() + "/result")
        .toList();
  }

  /** Counts per kind, in the kinds' order. */
  Map<FailureKind, Long> kinds() {
    Map<FailureKind, Long> m = new TreeMap<>();
    items.forEach(i -> m.merge(i.kind(), 1L, Long::sum));
    return m;
  }

  /** The report as text. */
  public String text(SearchStatus s, Palette p) {
    StringBuilder out = new StringBuilder();
    long failed = items.stream().filter(i -> i.trial().state() == TrialState.FAILED).count();
    long interrupted = items.size() - failed;
    out.append(p.bold("Search " + s.name())).append(": ").append(StatusText.plural(failed, "failed trial")).append(", ")
        .append(interrupted).append(" interrupted");
    if (items.isEmpty()) {
      return out.append("; nothing to rerun\n").toString();
    }
    List<String> parts = new ArrayList<>();
    kinds().forEach((k, n) -> parts.add(n + " " + k.words()));
    out.append(" (").append(String.join(", ", parts)).append(")\n");
    for (Item i : items) {
      TrialSnapshot t = i.trial();
      out.append('\n').append(p.state(t.state(), String.valueOf(Palette.symbol(t.state())))).append(' ')
          .append(p.bold(t.path())).append("  ").append(t.state().label()).append(": ").append(reason(i));
      if (i.attempts() > 0) {
        out.append(" (").append(StatusText.plural(i.attempts(), "attempt")).append(')');
      }
      if (!t.launcher().isEmpty() && !t.reason().contains(t.launcher())) {
        out.append(" [").append(t.launcher()).append(']');
      }
      out.append('\n');
      if (i.lastLogLines().isEmpty()) {
        out.append("    (no log lines)\n");
      } else {
        out.append("    last log lines:\n");
        i.lastLogLines().forEach(l -> out.append("    | ").append(l).append('\n'));
      }
    }
    out.append('\n');
    String root = StatusText.shellWord(s.root());
    List<String> remove = toRemove();
    if (!remove.isEmpty()) {
      out.append("To rerun them, make them (and what depends on them) run again, then run the search again:\n");
      out.append("  hbgen rerun ").append(root).append(" --failed\n");
    } else {
      out.append("To rerun the interrupted trials, run the search again:\n");
    }
    out.append("  snakemake --snakefile ").append(StatusText.shellWord(s.root() + "/Snakefile"))
        .append(" -j 4      (or: hbgen run ").append(root).append(")\n");
    if (interrupted > 0) {
      out.append("Interrupted trials have no result, so that reruns them as well (after Snakemake itself was killed,"
          + " run it once with --unlock first).\n");
    }
    if (!remove.isEmpty()) {
      out.append(downstreamText());
    }
    return out.toString();
  }

  private String downstreamText() {
    StringBuilder out = new StringBuilder();
    if (downstream.isEmpty() && !bestWritten) {
      return "Nothing that ran after them reruns: their stages' promotions have not run yet.\n";
    }
    out.append("hbgen rerun makes this run again too, because it depends on them:\n");
    for (Downstream d : downstream) {
      out.append("  bracket ").append(d.bracket()).append(": ");
      List<String> parts = new ArrayList<>();
      for (int stage : d.stages()) {
        parts.add("the promotion into stage " + stage);
      }
      out.append(String.join(", ", parts)).append(", and ").append(StatusText.plural(d.trials(), "finished trial"))
          .append(d.stages().size() == 1 ? " of stage " + d.stages().get(0)
              : " of stages " + d.stages().get(0) + "-" + d.stages().get(d.stages().size() - 1)).append('\n');
    }
    if (bestWritten) {
      out.append("  best.yaml and config (the overall best)\n");
    }
    return out.toString();
  }

  private static String reason(Item i) {
    String r = i.trial().reason().isEmpty() ? i.kind().words() : i.trial().reason();
    if (i.kind() == FailureKind.EXIT_CODE && i.exitCode() > 128 && i.exitCode() < 160) {
      String signal = switch (i.exitCode() - 128) {
        case 1 -> "SIGHUP";
        case 2 -> "SIGINT";
        case 6 -> "SIGABRT";
        case 9 -> "SIGKILL";
        case 11 -> "SIGSEGV";
        case 15 -> "SIGTERM";
        default -> "signal " + (i.exitCode() - 128);
      };
      r += " (killed by " + signal + ")";
    }
    return r;
  }

  /**
   * The report as JSON (sorted keys, same {@code schema_version} as {@link StatusJson}):
   *
   * <pre>
   * {"schema_version": 1, "search": ..., "root": ...,
   *  "failed": [{"path": ..., "state": "failed" | "interrupted", "kind": KIND, "reason": ..., "launcher": ...,
   *              "budget": 1.0, "attempts": n or null, "exit_code": n or null, "last_log_lines": [...]}],
   *  "rerun": {"trials": [trial paths that hbgen rerun makes run again], "command": "hbgen rerun ROOT --failed",
   *            "then": "hbgen run ROOT", "downstream": [{"bracket": 0, "stages": [1, 2], "trials": 4}], "best": true}}
   * KIND: exit_code | no_result | unparseable | nan_objective | timeout | cancelled | slurm_refused | lsf_refused | interrupted | other
   * </pre>
   */
  public String json(SearchStatus s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schema_version", StatusJson.SCHEMA_VERSION);
    m.put("search", s.name());
    m.put("root", s.root());
    List<Object> list = new ArrayList<>();
    for (Item i : items) {
      Map<String, Object> im = new LinkedHashMap<>();
      TrialSnapshot t = i.trial();
      im.put("path", t.path());
      im.put("state", t.state().label());
      im.put("reason", t.reason());
      im.put("launcher", t.launcher());
      im.put("budget", t.budget());
      im.put("kind", i.kind().label());
      im.put("attempts", i.attempts() > 0 ? i.attempts() : null);
      im.put("exit_code", i.exitCode() >= 0 ? i.exitCode() : null);
      im.put("last_log_lines", i.lastLogLines());
      list.add(im);
    }
    m.put("failed", list);
    Map<String, Object> rerun = new LinkedHashMap<>();
    rerun.put("trials", items.stream().map(i -> i.trial().path()).toList());
    rerun.put("command", "hbgen rerun " + StatusText.shellWord(s.root()) + " --failed");
    rerun.put("then", "hbgen run " + StatusText.shellWord(s.root()));
    rerun.put("downstream", downstream.stream().map(d -> (Object) Map.of("bracket", d.bracket(), "stages", d.stages(),
        "trials", d.trials())).toList());
    rerun.put("best", bestWritten && !toRemove().isEmpty());
    m.put("rerun", rerun);
    return StatusJson.pretty(m) + "\n";
  }
}
