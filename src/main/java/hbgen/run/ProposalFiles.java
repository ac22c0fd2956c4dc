package hbgen.run;

import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.model.Batches;
import hbgen.model.BohbSampler;
import hbgen.model.BohbSettings;
import hbgen.model.Observation;
import hbgen.render.Json;
import hbgen.render.TemplateEngine;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.ProposalRecord;
import hbgen.search.SearchDir;
import hbgen.search.SearchView;
import hbgen.search.SearchWriter;
import hbgen.search.TrialFiles;
import hbgen.search.TrialRecord;
import hbgen.space.Seeds;
import hbgen.space.Space;
import hbgen.trial.TrialId;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Proposals on disk, the one implementation: {@code hbgen run} calls it, and so does the
 * Snakefile's propose job (through {@code hbgen propose}). A batch's proposal reads the results
 * that {@link Batches}' rule gives it, asks BOHB's model for the batch's configurations, writes each
 * one's {@code config} and then {@code bracket-I/stage-0/proposal-K.yaml}, last. The generator is
 * seeded from the search seed and the batch alone, so the same results give the same bytes.
 */
public final class ProposalFiles {
  private ProposalFiles() {}

  /** What a proposal wrote. */
  public record Proposal(Batches.Batch batch, int seen, int observations, String model) {}

  /** Whether a batch's proposal has been written. */
  public static boolean done(Path root, Batches.Batch batch) {
    return Files.exists(new Layout(root).proposal(batch.bracket(), batch.index()));
  }

  /**
   * Proposes a batch. Every trial the rule makes it wait for must have its final state (completed,
   * failed or skipped): else nothing is written and the failure names the first that has not.
   */
  public static Proposal propose(SearchDir search, Batches.Batch batch) {
    Batches batches = search.batches();
    if (batches == null) {
      throw new UsageError(search.root() + ": its configurations are drawn when it is written; nothing to propose");
    }
    Layout layout = search.layout();
    List<TrialId> seen = batches.seen(batch);
    List<TrialSnapshot> snapshots = SearchView.snapshots(search, seen);
    for (TrialSnapshot s : snapshots) {
      if (!s.state().finished()) {
        throw new RuntimeFailure(Layout.proposalPath(batch.bracket(), batch.index()) + ": waits for "
            + s.path() + ", which is " + s.state().label() + "; the batch is proposed once it has finished");
      }
    }
    Space space = search.space().space();
    Map<Integer, Map<Long, Map<String, Object>>> proposed = new HashMap<>();
    List<Observation> observations = new ArrayList<>();
    for (TrialSnapshot s : snapshots) {
      if (s.state() == TrialState.SKIPPED) {
        continue;
      }
      TrialId origin = origin(layout, s.id());
      Map<String, Object> params = params(layout, batches, origin, proposed);
      double value = s.state() == TrialState.COMPLETED ? s.objective() : Double.NaN;
      observations.add(new Observation(params, s.budget(), value));
    }
    List<Map<String, Object>> earlier = new ArrayList<>();
    for (TrialId id : batches.proposedBefore(batch)) {
      earlier.add(params(layout, batches, id, proposed));
    }
    BohbSampler sampler = new BohbSampler(space, BohbSettings.defaults());
    BohbSampler.Proposals out;
    try {
      out = sampler.proposeBatch(observations, earlier, search.direction(), batch.count(), generator(search, batch));
    } catch (IllegalArgumentException e) {
      throw new RuntimeFailure(Layout.proposalPath(batch.bracket(), batch.index()) + ": cannot propose: "
          + e.getMessage(), e);
    }
    SearchWriter writer = new SearchWriter(new TemplateEngine(search.root().resolve("templates")), "");
    SearchWriter.ConfigBasis basis = search.configBasis();
    List<TrialId> trials = batch.trials();
    for (int k = 0; k < trials.size(); k++) {
      TrialId id = trials.get(k);
      AtomicFiles.write(layout.marker(id, Layout.CONFIG),
          writer.configText(basis, id.bracket(), id.config(), out.configs().get(k)));
    }
    String model = out.modelBudget().isPresent() ? Json.budget(out.modelBudget().getAsDouble()) : "";
    AtomicFiles.write(layout.proposal(batch.bracket(), batch.index()),
        text(batch, seen.size(), observations, out, model));
    return new Proposal(batch, seen.size(), observations.size(), model);
  }

  /** The generator of a batch: from the search seed, the bracket and the batch alone. */
  static RandomGenerator generator(SearchDir search, Batches.Batch batch) {
    // Configuration generators use config >= 0; a batch's uses -(index + 1), which none of them does.
    return new Seeds(search.seed()).generator(batch.bracket(), -(batch.index() + 1L));
  }

  /** The stage-0 trial a trial's configuration comes from, through its promoted-from chain. */
  private static TrialId origin(Layout layout, TrialId id) {
    TrialId at = id;
    while (at.stage() > 0) {
      TrialRecord r = TrialFiles.read(layout, at, false);
      if (r.promotedFrom() == null) {
        throw new RuntimeFailure(layout.marker(at, Layout.PROMOTED_FROM) + ": missing or not a trial path;"
            + " the proposal cannot tell which configuration " + id.path() + " trained");
      }
      at = r.promotedFrom();
    }
    return at;
  }

  /** The parameters of a proposed stage-0 configuration, from its batch's proposal record. */
  private static Map<String, Object> params(Layout layout, Batches batches, TrialId id,
      Map<Integer, Map<Long, Map<String, Object>>> cache) {
    Batches.Batch b = batches.batchOf(id);
    Map<Long, Map<String, Object>> batch = cache.computeIfAbsent(b.global(), g -> read(layout, b));
    Map<String, Object> p = batch.get(id.config());
    if (p == null) {
      throw new RuntimeFailure(layout.proposal(b.bracket(), b.index()) + ": has no proposal for " + id.path());
    }
    return p;
  }

  /** A proposal record's parameters by configuration number. */
  static Map<Long, Map<String, Object>> read(Layout layout, Batches.Batch batch) {
    Path file = layout.proposal(batch.bracket(), batch.index());
    Map<Long, Map<String, Object>> out = new HashMap<>();
    ProposalRecord.read(file).proposals().forEach((config, p) -> out.put(config, p.params()));
    if (out.size() != batch.count()) {
      throw new RuntimeFailure(file + ": expected " + batch.count() + " proposals, found " + out.size());
    }
    return out;
  }

  /** The text of {@code proposal-K.yaml}. */
  static String text(Batches.Batch batch, int seen, List<Observation> observations, BohbSampler.Proposals out,
      String modelBudget) {
    long failed = observations.stream().filter(Observation::failed).count();
    StringBuilder s = new StringBuilder();
    s.append("# Proposal of batch ").append(batch.index()).append(" of bracket ").append(batch.bracket())
        .append(" (batch ").append(batch.global()).append(" of the search), by BOHB from the results the rule\n")
        .append("# gives it: the stage-0 trials of the batches up to two before it, and every trial of the brackets\n")
        .append("# two or more before its own (README, \"Samplers and batches\").\n");
    s.append("bracket: ").append(batch.bracket()).append('\n');
    s.append("batch: ").append(batch.index()).append('\n');
    s.append("search_batch: ").append(batch.global()).append('\n');
    s.append("seen_trials: ").append(seen).append('\n');
    s.append("observations: ").append(observations.size()).append('\n');
    s.append("failed_observations: ").append(failed).append('\n');
    s.append("model_budget: ").append(modelBudget.isEmpty() ? "null" : modelBudget).append('\n');
    s.append("proposals:\n");
    for (int k = 0; k < out.configs().size(); k++) {
      TrialId id = new TrialId(batch.bracket(), 0, batch.first() + k);
      s.append("- {trial: ").append(id.path()).append(", from: ").append(out.fromModel().get(k) ? "model" : "prior")
          .append(", params: ").append(Json.inline(new LinkedHashMap<>(out.configs().get(k)))).append("}\n");
    }
    return s.toString();
  }
}
