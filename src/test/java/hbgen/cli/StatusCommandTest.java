package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import hbgen.testing.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StatusCommandTest {
  @TempDir Path tmp;

  /** A search written by {@code generate ARGS -o DIR} with a trainer that is never run. */
  private Path generate(String name, String... plan) {
    Path dir = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("generate"));
    args.addAll(List.of(plan));
    args.addAll(List.of("-o", dir.toString(), "--random-seed", "5", "--objective", "accuracy", "--maximize",
        "--trainer", "true"));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return dir;
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  /** The started marker run.sh writes, for a launcher on this host. */
  private static String started(long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("hostname").start();
    String host = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    p.waitFor(10, TimeUnit.SECONDS);
    return "time: " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "\nhost: " + host + "\npid: "
        + pid + "\nslurm_job_id: \nattempt: 1\nbudget: 1\n";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return (Map<String, Object>) new Yaml().load(text);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> trials(Map<String, Object> doc) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object b : (List<Object>) doc.get("brackets")) {
      for (Object s : (List<Object>) ((Map<String, Object>) b).get("stages")) {
        out.addAll((List<Map<String, Object>>) ((Map<String, Object>) s).get("trials"));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static long count(Map<String, Object> doc, String state) {
    return ((Number) ((Map<String, Object>) doc.get("counts")).get(state)).longValue();
  }

  private static String stateOf(Map<String, Object> doc, String path) {
    return trials(doc).stream().filter(t -> t.get("path").equals(path)).findFirst().orElseThrow().get("state")
        .toString();
  }

  @Nested
  class OnAFixtureSearch {
    private Path everyState() throws IOException, InterruptedException {
      Path dir = generate("s", "1", "2");
      // bracket 0: stage 0 has 2 slots, stage 1 one; bracket 1: stage 0 has 2 slots.
      write(dir.resolve("bracket-0/stage-0/config-0/result"), "{accuracy: 0.75}\n");
      write(dir.resolve("bracket-0/stage-0/config-1/started"), started(ProcessHandle.current().pid()));
      Process gone = new ProcessBuilder("true").start();
      gone.waitFor(10, TimeUnit.SECONDS);
      write(dir.resolve("bracket-1/stage-0/config-0/started"), started(gone.pid()));
      write(dir.resolve("bracket-1/stage-0/config-1/result"), "{accuracy: 0.9, lo");
      return dir;
    }

    @Test
    void text_shows_a_grid_per_stage_with_the_right_symbols() throws Exception {
      Cli.Run run = Cli.run("status", everyState().toString());

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).containsPattern("\n  Stage 0  budget 1  +1/2 done  C 1 R 1  +CR\n")
          .containsPattern("\n  Stage 1  budget 2  +not promoted yet +_\n")
          .containsPattern("\n  Stage 0  budget 2  +1/2 done  F 1 X 1  +XF\n")
          .doesNotContain("\u001b[");
    }

    @Test
    void json_gives_each_trial_its_state_objective_budget_and_path() throws Exception {
      Cli.Run run = Cli.run("status", everyState().toString(), "--json");

      assertThat(run.code()).as(run.err()).isZero();
      Map<String, Object> doc = json(run.out());
      assertThat(trials(doc)).extracting(t -> t.get("path") + " " + t.get("state") + " " + t.get("objective") + " "
          + t.get("budget")).containsExactly(
              "bracket-0/stage-0/config-0 completed 0.75 1.0",
              "bracket-0/stage-0/config-1 running null 1.0",
              "bracket-0/stage-1/config-0 unfilled null 2.0",
              "bracket-1/stage-0/config-0 interrupted null 2.0",
              "bracket-1/stage-0/config-1 failed null 2.0");
      assertThat(trials(doc).get(4).get("reason")).asString().startsWith("result: unparseable result entry");
    }

    @Test
    void failed_lists_the_truncated_result_with_its_reason_and_the_interrupted_trial() throws Exception {
      Path dir = everyState();
      Cli.Run run = Cli.run("status", dir.toString(), "--failed");

      assertThat(run.code()).as(run.err()).isZero();
      assertThat(run.out()).contains("F bracket-1/stage-0/config-1  failed: result: unparseable result entry")
          .contains("X bracket-1/stage-0/config-0  interrupted: its launcher (pid ")
          .contains("  hbgen rerun " + dir + " --failed\n");
    }

    @Test
    void colour_can_be_forced_and_grids_left_out() throws Exception {
      Path dir = everyState();
      assertThat(Cli.run("status", dir.toString(), "--color", "always").out()).contains("\u001b[32mC\u001b[0m");
      assertThat(Cli.run("status", dir.toString(), "--grid", "none").out())
          .containsPattern("\n  Stage 0  budget 1  +1/2 done  C 1 R 1\n");
    }

    @Test
    void top_k_limits_the_best_trials_per_bracket() throws Exception {
      Map<String, Object> doc = json(Cli.run("status", everyState().toString(), "--json", "--top", "0").out());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> brackets = (List<Map<String, Object>>) doc.get("brackets");
      assertThat(brackets).allSatisfy(b -> assertThat((List<?>) b.get("top")).isEmpty());
    }
  }

  @Nested
  class BadInput {
    @Test
    void a_directory_that_is_not_a_search_gets_one_clear_line_and_exit_2() throws IOException {
      Path empty = Files.createDirectories(tmp.resolve("empty"));
      Cli.Run run = Cli.run("status", empty.toString());

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err()).isEqualTo("hbgen: " + empty + ": not an hbgen search (no hbgen.yaml; create one with"
          + " 'hbgen generate ... -o DIR')\n");
    }

    @Test
    void a_missing_directory_and_a_file_are_named_as_such() throws IOException {
      assertThat(Cli.run("status", tmp.resolve("nope").toString()).err())
          .isEqualTo("hbgen: " + tmp.resolve("nope") + ": no such search directory\n");
      Path file = Files.writeString(tmp.resolve("file"), "x");
      Cli.Run run = Cli.run("status", file.toString());
      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).isEqualTo("hbgen: " + file + ": is a file, expected a search directory\n");
    }

    @Test
    void a_broken_manifest_is_reported_with_its_position_and_no_stack_trace() throws IOException {
      Path dir = generate("s", "0", "2");
      Files.writeString(dir.resolve("hbgen.yaml"), "plan: [\n");
      Cli.Run run = Cli.run("status", dir.toString());

      assertThat(run.code()).isEqualTo(2);
      assertThat(run.err()).startsWith("hbgen: " + dir.resolve("hbgen.yaml") + ":").doesNotContain("\tat ")
          .hasLineCount(1);
    }

    @Test
    void bad_option_values_are_refused_with_exit_2() {
      Path dir = generate("s", "0", "2");
      assertThat(Cli.run("status", dir.toString(), "--top", "-1").err()).isEqualTo("hbgen: --top must be >= 0, was -1\n");
      assertThat(Cli.run("status", dir.toString(), "--watch", "0").code()).isEqualTo(2);
      assertThat(Cli.run("status", dir.toString(), "--watch", "1", "--failed").err())
          .isEqualTo("hbgen: --watch and --failed exclude each other\n");
      assertThat(Cli.run("status", dir.toString(), "--grid", "some").code()).isEqualTo(2);
    }
  }

  @Nested
  class Watching {
    @Test
    void a_finished_search_is_printed_once_and_watching_ends_with_0() throws IOException {
      Path dir = generate("s", "0", "2");
      write(dir.resolve("bracket-0/stage-0/config-0/result"), "0.5\n");
      Cli.Run run = Cli.run("status", dir.toString(), "--watch", "30");

      assertThat(run.code()).isZero();
      assertThat(run.out()).contains("Left    nothing: every trial has a result").doesNotContain("---");
    }

    @Test
    void watching_redraws_with_plain_separators_until_the_last_trial_has_its_result() throws Exception {
      Path dir = generate("s", "0", "2");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> Main.commandLine(new PrintWriter(out, true),
          new PrintWriter(err, true)).execute("status", dir.toString(), "--watch", "0.2", "--json"));
      for (int i = 0; i < 200 && !out.toString().contains("\n"); i++) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      write(dir.resolve("bracket-0/stage-0/config-0/result"), "0.5\n");

      assertThat(watch.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
      List<String> frames = out.toString().lines().toList();
      assertThat(frames).hasSizeGreaterThanOrEqualTo(2);
      assertThat(json(frames.get(0))).containsEntry("finished", false);
      assertThat(json(frames.get(frames.size() - 1))).containsEntry("finished", true);
    }

    @Test
    void text_frames_are_separated_by_a_line_with_the_time_when_not_on_a_terminal() throws Exception {
      Path dir = generate("s", "0", "2");
      StringWriter out = new StringWriter();
      CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> Main.commandLine(new PrintWriter(out, true),
          new PrintWriter(new StringWriter(), true)).execute("status", dir.toString(), "--watch", "0.2"));
      for (int i = 0; i < 200 && !out.toString().contains("_ not promoted yet\n"); i++) {
        Thread.sleep(50);
      }
      Thread.sleep(500);
      write(dir.resolve("bracket-0/stage-0/config-0/result"), "0.5\n");

      assertThat(watch.get(60, TimeUnit.SECONDS)).isZero();
      assertThat(out.toString()).containsPattern("\n--- \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ ---\n")
          .doesNotContain("\u001b[");
    }
  }

  /**
   * A real Snakemake run whose trainers wait for a "go" file, so the test decides what runs: it
   * checks the running trials, kills one trainer with SIGKILL (the launcher records a failure), then
   * kills Snakemake's whole process group with SIGKILL (launchers gone: interrupted, not running),
   * and finally lets the search run to its end.
   */
  @Nested
  @Tag("engine")
  class WithRealSnakemake {
    private Map<String, Object> await(Path dir, String what, Predicate<Map<String, Object>> done, Path log)
        throws Exception {
      Map<String, Object> doc = null;
      for (int i = 0; i < 900; i++) {
        Cli.Run run = Cli.run("status", dir.toString(), "--json");
        assertThat(run.code()).as(run.err()).isZero();
        doc = json(run.out());
        if (done.test(doc)) {
          return doc;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("timed out waiting for " + what + "; last status: " + doc + "\nsnakemake log:\n"
          + (Files.exists(log) ? Files.readString(log) : ""));
    }

    @Test
    void status_follows_snakemake_and_tells_killed_launchers_from_running_ones() throws Exception {
      Engines.require("snakemake");
      Engines.require("setsid");
      Path trainer = tmp.resolve("trainer.sh");
      Files.writeString(trainer, "#!/bin/sh\n"
          + "echo $$ > \"$HB_DIR/trainer.pid\"\n"
          + "while [ ! -e \"$HB_ROOT/go\" ]; do sleep 0.1; done\n"
          + "echo \"{accuracy: 0.$HB_BRACKET$HB_CONFIG_ID}\" > \"$HB_RESULT\"\n");
      Path dir = tmp.resolve("search");
      Cli.Run gen = Cli.run("generate", "1", "2", "-o", dir.toString(), "--random-seed", "3", "--objective", "accuracy",
          "--maximize", "--trainer", "sh " + trainer);
      assertThat(gen.code()).as(gen.err()).isZero();
      Path log = tmp.resolve("snakemake.log");
      // Its own session, so that one signal to the process group reaches snakemake, run.sh and trainers at once.
      Process snakemake = new ProcessBuilder("setsid", "snakemake", "--snakefile", dir.resolve("Snakefile").toString(),
          "-j", "2").directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      try {
        Map<String, Object> doc = await(dir, "two running trials", d -> count(d, "running") == 2, log);
        List<Map<String, Object>> running = trials(doc).stream().filter(t -> t.get("state").equals("running")).toList();
        assertThat(running).allSatisfy(t -> assertThat(t.get("launcher")).asString().matches("pid \\d+ on .+"));
        assertThat(Cli.run("status", dir.toString()).out()).contains("R");

        String killed = running.get(0).get("path").toString();
        Path pidFile = dir.resolve(killed).resolve("trainer.pid");
        for (int i = 0; i < 100 && !Files.exists(pidFile); i++) {
          Thread.sleep(100);
        }
        long trainerPid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(trainerPid).map(ProcessHandle::destroyForcibly)).contains(true);
        await(dir, killed + " failed", d -> stateOf(d, killed).equals("failed"), log);
        doc = await(dir, "two running trials again", d -> count(d, "running") == 2, log);
        List<String> victims = trials(doc).stream().filter(t -> t.get("state").equals("running"))
            .map(t -> t.get("path").toString()).toList();

        Engines.Result kill = Engines.exec(tmp, 30, "kill", "-KILL", "--", "-" + snakemake.pid());
        assertThat(kill.code()).as(kill.output()).isZero();
        assertThat(snakemake.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Map<String, Object> afterKill = json(Cli.run("status", dir.toString(), "--json").out());
        assertThat(count(afterKill, "running")).isZero();
        assertThat(victims).allSatisfy(p -> assertThat(stateOf(afterKill, p)).isEqualTo("interrupted"));
        String trialsLine = Cli.run("status", dir.toString()).out().lines().filter(l -> l.startsWith("Trials"))
            .findFirst().orElseThrow();
        assertThat(trialsLine).contains("2 interrupted").doesNotContain("running");
        assertThat(Cli.run("status", dir.toString(), "--failed").out())
            .contains(killed + "  failed: exit code 137 (killed by SIGKILL)")
            .contains(victims.get(0) + "  interrupted: its launcher (pid ");

        Files.writeString(dir.resolve("go"), "");
        Engines.Result unlock = Engines.exec(tmp, 120, "snakemake", "--snakefile", dir.resolve("Snakefile").toString(),
            "--unlock");
        assertThat(unlock.code()).as(unlock.output()).isZero();
        Engines.Result rest = Engines.exec(tmp, 180, "snakemake", "--snakefile", dir.resolve("Snakefile").toString(),
            "-j", "2");
        assertThat(rest.code()).as(rest.output()).isZero();

        Map<String, Object> end = json(Cli.run("status", dir.toString(), "--json").out());
        assertThat(end).containsEntry("finished", true);
        assertThat(count(end, "failed")).isEqualTo(1);
        assertThat(count(end, "interrupted") + count(end, "running") + count(end, "pending")).isZero();
        assertThat(stateOf(end, killed)).isEqualTo("failed");
        assertThat(Cli.run("status", dir.toString()).out()).contains("Left    nothing: every trial has a result");
      } finally {
        if (snakemake.isAlive()) {
          Engines.exec(tmp, 30, "kill", "-KILL", "--", "-" + snakemake.pid());
        }
      }
    }
  }
}
