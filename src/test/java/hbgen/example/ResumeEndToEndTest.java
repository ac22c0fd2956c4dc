package hbgen.example;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.TrialId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming end to end (issue 8): real Snakemake runs the bundled example generated with
 * {@code --resume-from-parent}, and the epochs the trainers report having trained add up to the
 * plan's resuming cost, every promoted trial continuing from its parent's checkpoint.
 */
@Tag("engine")
class ResumeEndToEndTest {
  /** The example trainer's line, e.g. "hbgen-example: trained 6 epochs (from 3 to 9)". */
  static final Pattern TRAINED = Pattern.compile("(?m)^hbgen-example: trained (\\d+) epochs \\(from (\\d+) to (\\d+)\\)$");

  @TempDir Path tmp;

  record Trained(long epochs, long from, long to) {}

  static List<Trained> trained(Path log) throws Exception {
    List<Trained> out = new ArrayList<>();
    Matcher m = TRAINED.matcher(Files.readString(log));
    while (m.find()) {
      out.add(new Trained(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    }
    return out;
  }

  @Test
  void aSnakemakeRunWithResumingTrainsExactlyThePlannedResumedBudget() throws Exception {
    Engines.require("snakemake");
    Path search = tmp.resolve("resume");
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "1", "-k", "3",
        "--objective", "accuracy", "--maximize", "--resume-from-parent");
    assertThat(gen.code()).as(gen.err()).isZero();
    assertThat(gen.out()).startsWith("Hyperband Search (cost: 69.00 resuming from checkpoints, 78.00 from scratch)\n");

    Engines.Result run = Engines.exec(tmp, 900, "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "2");
    assertThat(run.code()).as(run.output()).isZero();

    SearchDir s = SearchDir.open(search);
    assertThat(s.manifest().get("resume_from_parent")).isEqualTo(true);
    @SuppressWarnings("unchecked") Map<String, Object> cost = (Map<String, Object>) s.manifest().get("cost");
    assertThat(((Number) cost.get("unit")).doubleValue()).as("one epoch costs one unit here").isEqualTo(1.0);
    double plannedResuming = ((Number) cost.get("planned_resuming")).doubleValue();
    double fromPlan = 0;
    for (Bracket b : s.plan().brackets()) {
      for (Stage st : b.stages()) {
        fromPlan += st.configs() * (st.budget() - st.previousBudget());
      }
    }
    assertThat(plannedResuming).as("the manifest's resuming cost is the plan's new budget").isEqualTo(fromPlan).isEqualTo(69.0);

    long trainedTotal = 0;
    double notRun = 0;
    long resumed = 0;
    for (TrialId id : s.trials()) {
      Path dir = s.dir(id);
      Stage stage = s.stage(id);
      long budget = (long) stage.budget();
      long previous = (long) stage.previousBudget();
      assertThat(dir.resolve("failed")).as(id.path() + " failed: " + run.output()).doesNotExist();
      if (Files.exists(dir.resolve("skipped"))) {
        // A shortfall slot: the stage before had fewer finished trials than slots, so no trainer
        // ran here. The plan counted its new budget (budget - previous budget); take it out.
        // (With no failed trial there is no shortfall, so this stays 0 for this seed; it keeps the
        // sum right for a trainer that fails.)
        notRun += budget - previous;
        continue;
      }
      List<Trained> lines = trained(dir.resolve("log"));
      assertThat(lines).as(id.path() + ": one training per trial").hasSize(1);
      Trained t = lines.get(0);
      if (id.stage() == 0) {
        assertThat(t).as(id.path()).isEqualTo(new Trained(budget, 0, budget));
      } else {
        // A promoted trial continues its parent's checkpoint: budget - prev_budget epochs, from prev to budget.
        String parent = Files.readString(dir.resolve("promoted-from")).strip();
        assertThat(Files.readString(dir.resolve("log")))
            .contains("resuming from " + search.toRealPath().resolve(parent).resolve("checkpoint.json") + " at epoch " + previous);
        assertThat(t).as(id.path()).isEqualTo(new Trained(budget - previous, previous, budget));
        resumed++;
      }
      trainedTotal += t.epochs();
    }
    assertThat(resumed).as("promoted trials").isEqualTo(3 + 1 + 1);
    assertThat((double) trainedTotal).as("epochs trained, summed over all trials' logs").isEqualTo(plannedResuming - notRun);
    assertThat(search.resolve("best.yaml")).exists();
  }
}
