package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.search.SearchDir;
import hbgen.testing.Cli;
import hbgen.testing.Engines;
import hbgen.trial.Best;
import hbgen.trial.Outcome;
import hbgen.trial.Promotion;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Real Snakemake (Debian's 7.21) runs generated searches end to end. */
@Tag("engine")
class SnakemakeEndToEndTest {
  @TempDir Path tmp;

  static Outcome outcome(SearchDir s, TrialId id) throws IOException {
    Path dir = s.dir(id);
    double budget = s.stage(id).budget();
    if (Files.exists(dir.resolve("failed")) || Files.exists(dir.resolve("skipped")) || !Files.exists(dir.resolve("result"))) {
      return Outcome.missing(id, budget);
    }
    String text = ResultFormat.parse(Files.readString(dir.resolve("result"))).objectiveText(s.objective());
    double v = ResultFormat.number(text);
    return Double.isFinite(v) ? new Outcome(id, budget, v, text) : Outcome.missing(id, budget);
  }

  /** Checks every promotion against hbgen's own rule and returns all outcomes. */
  static List<Outcome> checkPromotions(SearchDir s) throws IOException {
    List<Outcome> all = new ArrayList<>();
    for (var b : s.plan().brackets()) {
      for (var st : b.stages()) {
        List<Outcome> stage = new ArrayList<>();
        for (long c = 0; c < st.configs(); c++) {
          TrialId id = new TrialId(b.index(), st.index(), c);
          assertThat(s.dir(id).resolve("result")).as("every planned trial has a result").exists();
          stage.add(outcome(s, id));
        }
        all.addAll(stage);
        if (st.index() + 1 < b.stages().size()) {
          var next = b.stages().get(st.index() + 1);
          Promotion p = Promotion.of(stage, next.configs(), s.direction());
          for (int k = 0; k < next.configs(); k++) {
            Path slot = s.dir(new TrialId(b.index(), st.index() + 1, k));
            if (k < p.promoted().size()) {
              assertThat(Files.readString(slot.resolve("promoted-from")).strip()).isEqualTo(p.promoted().get(k).id().path());
              assertThat(Files.readString(slot.resolve("config"))).isEqualTo(Files.readString(s.dir(p.promoted().get(k).id()).resolve("config")));
            } else {
              assertThat(slot.resolve("skipped")).exists();
            }
          }
          @SuppressWarnings("unchecked") Map<String, Object> rec = (Map<String, Object>) new Yaml().load(
              Files.readString(s.root().resolve("bracket-" + b.index() + "/stage-" + (st.index() + 1) + "/promotion.yaml")));
          assertThat(rec.get("shortfall")).isEqualTo((int) p.shortfall());
        }
      }
    }
    return all;
  }

  @Test
  void theExampleSearchRunsFromAnotherDirectoryAndFindsAGoodConfiguration() throws Exception {
    Engines.require("snakemake");
    Path search = tmp.resolve("example");
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "2026",
        "--objective", "accuracy", "--maximize", "-k", "5");
    assertThat(gen.code()).as(gen.err()).isZero();
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Engines.Result lint = Engines.exec(elsewhere, 120, "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "--lint");
    assertThat(lint.code()).as(lint.output()).isZero();
    Engines.Result run = Engines.exec(elsewhere, 600, "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "2");
    assertThat(run.code()).as(run.output()).isZero();

    SearchDir s = SearchDir.open(search);
    List<Outcome> all = checkPromotions(s);
    Outcome best = Best.of(all, s.direction(), s.incumbent()).orElseThrow();
    @SuppressWarnings("unchecked") Map<String, Object> bestYaml = (Map<String, Object>) new Yaml().load(Files.readString(search.resolve("best.yaml")));
    assertThat(bestYaml.get("trial")).isEqualTo(best.id().path());
    assertThat(Files.readString(search.resolve("config"))).isEqualTo(Files.readString(s.dir(best.id()).resolve("config")));
    assertThat(best.objective()).as("cross-validated accuracy of the winner").isGreaterThanOrEqualTo(0.9);
    assertThat(((Number) bestYaml.get("value")).doubleValue()).isEqualTo(best.objective());
  }

  @Test
  void failingTrialsNeverBlockTheSearchAndAreNeverPromoted() throws Exception {
    Engines.require("snakemake");
    Path search = tmp.resolve("modes");
    Path trainer = Path.of("src/test/resources/trainers/fake_trainer.py").toAbsolutePath();
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "5",
        "--space", "src/test/resources/spaces/modes.yaml", "--trainer", "python3 " + trainer, "--objective", "loss",
        "--allow-duplicates");
    assertThat(gen.code()).as(gen.err()).isZero();
    Engines.Result run = Engines.exec(tmp, 600, "snakemake", "--snakefile", search.resolve("Snakefile").toString(), "-j", "2");
    assertThat(run.code()).as(run.output()).isZero();

    SearchDir s = SearchDir.open(search);
    List<Outcome> all = checkPromotions(s);
    long failed = 0;
    for (TrialId id : s.trials()) {
      Path dir = s.dir(id);
      if (Files.exists(dir.resolve("failed"))) {
        failed++;
        assertThat(Files.readString(dir.resolve("failed"))).containsPattern("reason: '(exit code 3|no result.*|unparseable result entry.*|objective is nan)'");
        assertThat(Files.readString(dir.resolve("result"))).isEqualTo("nan\n");
      }
    }
    assertThat(failed).as("the space makes some trials fail").isPositive();
    for (TrialId id : s.trials()) {
      Path from = s.dir(id).resolve("promoted-from");
      if (Files.exists(from)) {
        assertThat(s.root().resolve(Files.readString(from).strip()).resolve("failed")).as("promoted from a failed trial").doesNotExist();
      }
    }
    assertThat(search.resolve("best.yaml")).exists();
    assertThat(Best.of(all, s.direction(), s.incumbent())).isPresent();
    try (var walk = Files.walk(tmp)) {
      assertThat(walk.filter(p -> p.getFileName().toString().equals("pwned"))).isEmpty();
    }
  }

  @Test
  void theLocalJobsRunTheHbgenInHbgenVariableAndAMissingOneIsOneLineNamingBoth() throws Exception {
    Engines.require("snakemake");
    Path search = tmp.resolve("small");
    Cli.Run gen = Cli.run("generate", "1", "3", "-o", search.toString(), "--random-seed", "3",
        "--trainer", "bash -c 'echo 0.$((HB_SEED % 97)) > $HB_RESULT'");
    assertThat(gen.code()).as(gen.err()).isZero();
    String snakefile = search.resolve("Snakefile").toString();

    Engines.Result missing = Engines.exec(tmp, 600, List.of("snakemake", "--snakefile", snakefile, "-j", "2"),
        Map.of("HBGEN", "/nonexistent/hbgen"));
    assertThat(missing.code()).isNotZero();
    assertThat(missing.output()).containsPattern(
        "(?m)^hbgen not found: HBGEN=/nonexistent/hbgen is not a command that can run \\(the search recorded /\\S+.*\\);"
            + " set HBGEN to the hbgen to use$");

    Path wrapper = tmp.resolve("wrapper.sh");
    Files.writeString(wrapper, "#!/bin/bash\necho \"$*\" >> " + tmp.resolve("calls") + "\nexec "
        + String.join(" ", hbgen.search.HbgenExecutable.current(System.getenv()).argv().stream()
            .map(hbgen.render.Quoting::shell).toList()) + " \"$@\"\n");
    wrapper.toFile().setExecutable(true);
    Engines.Result run = Engines.exec(tmp, 600, List.of("snakemake", "--snakefile", snakefile, "-j", "2"),
        Map.of("HBGEN", wrapper.toString()));
    assertThat(run.code()).as(run.output()).isZero();
    assertThat(Files.readAllLines(tmp.resolve("calls"))).contains("promote . 0 1", "finish .");
    checkPromotions(SearchDir.open(search));
  }
}
