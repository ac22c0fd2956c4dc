package hbgen.cli;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.results.ResultsTable;
import hbgen.results.SearchResults;
import hbgen.trial.TrialState;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hbgen results DIR}: one row per trial as CSV, TSV or JSON, for pandas and friends. */
@Command(name = "results", mixinStandardHelpOptions = true,
    description = {"Print one row per trial: ids, budget, state, value (the objective), timing,",
        "then metrics_<name> and params_<name> columns (CSV, TSV or JSON for pandas).",
        "On a running search, unfinished trials show as running, unverified, interrupted, pending or unfilled",
        "(the states of hbgen status)."})
public final class ResultsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin SearchDirParameter dir;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "csv",
      description = "csv, tsv or json (an array, one object per trial). Default: ${DEFAULT-VALUE}.")
  ResultsTable.Format format;

  @Option(names = "--state", paramLabel = "STATE", split = ",",
      description = "Only trials in these states (comma-separated): completed, failed, skipped, running, unverified,"
          + " interrupted, pending, unproposed, unfilled (started = running, unverified and interrupted; unpromoted = unfilled).")
  List<String> states = new ArrayList<>();

  @Option(names = "--sort", description = "Best value first, in the search's direction; trials without a value last.")
  boolean sort;

  @Override public Integer call() {
    Set<TrialState> wanted = EnumSet.noneOf(TrialState.class);
    for (String s : states) {
      try {
        wanted.addAll(TrialState.parse(s));
      } catch (IllegalArgumentException e) {
        throw new UsageError("--state: " + e.getMessage());
      }
    }
    SearchDir search = dir.open();
    SearchResults results = SearchResults.read(search);
    ResultsTable table = ResultsTable.of(ResultsTable.select(results.trials(), wanted, sort, search.direction()));
    PrintWriter out = spec.commandLine().getOut();
    try {
      table.write(out, format);
    } catch (IOException e) {
      throw new RuntimeFailure("cannot write the results: " + e.getMessage(), e);
    }
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    for (String problem : results.ledger().problems()) {
      // Each problem starts with the ledger's file name: shown under the directory as the user named it.
      err.println("hbgen: " + (problem.startsWith(Layout.LEDGER)
          ? dir.path().resolve(Layout.LEDGER) + problem.substring(Layout.LEDGER.length()) : problem));
    }
    if (!results.complete()) {
      err.println("hbgen: search not finished: " + results.progress());
    }
    err.flush();
    return ExitCode.OK;
  }
}
