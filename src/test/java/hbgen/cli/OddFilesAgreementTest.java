package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hbgen.error.RuntimeFailure;
import hbgen.run.BestFiles;
import hbgen.run.PromotionFiles;
import hbgen.run.Schedule;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.search.ProcessProbe;
import hbgen.testing.Cli;
import hbgen.trial.Best;
import hbgen.trial.Direction;
import hbgen.trial.Outcome;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 13, done-when 1: on a search whose trial files are odd in every way we could think of,
 * {@code status --json}, {@code results --format json}, {@code best}, the report, promotion (the
 * Java promotion of {@code hbgen run}) and the best job all agree on every trial's state and value.
 *
 * <p>Each case writes odd files into {@code bracket-0/stage-0/config-0} (or the ledger) of a search
 * of {@code generate 2 3} (maximize accuracy) where config-1 completed 0.5 (with its ledger line),
 * config-2 completed 0.3 (without one) and config-3 failed. What the odd trial ends up as is the
 * rule's business; that every command says the same is this test's.
 */
class OddFilesAgreementTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ODD = "bracket-0/stage-0/config-0";
  private static final String HOST = ProcessProbe.system().host();
  private static final long DEAD = deadPid();

  @TempDir Path tmp;

  /** A way to make a search odd. */
  @FunctionalInterface
  interface Setup {
    void apply(Path root) throws IOException;
  }

  /**
   * One odd search, named for the report of the test.
   *
   * @param refusal what promotion says when it cannot copy a winner's files ("" when it can)
   */
  record Case(String name, Setup setup, String refusal) {
    Case(String name, Setup setup) {
      this(name, setup, "");
    }

    @Override public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(result("a Latin-1 byte in a comment line", bytes("# caf", 0xe9, "\n0.9\n")));
    c.add(result("a Latin-1 byte in the objective's line", bytes("0.9", 0xe9, "\n")));
    c.add(result("CRLF line ends", "accuracy: 0.9\r\nloss: 0.1\r\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("lone CR line ends", "accuracy: 0.9\rloss: 0.1\r".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a UTF-8 byte order mark", bytes("", 0xef, 0xbb, 0xbf, "0.9\n")));
    c.add(result("a byte order mark in the middle", bytes("0.", 0xef, 0xbb, 0xbf, "9\n")));
    c.add(result("UTF-16", "0.9\n".getBytes(StandardCharsets.UTF_16)));
    c.add(result("NUL bytes", bytes("0.9", 0, "\n")));
    c.add(result("an empty result", new byte[0]));
    c.add(result("only comments", "# nothing\n#\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a huge result: megabytes of comments, then the number", huge()));
    c.add(result("nan", "nan\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("-0.0", "-0.0\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("inf", "inf\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result(".inf in a map", "accuracy: .inf\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("-inf", "-inf\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("1e999", "1e999\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a map without the objective", "loss: 0.1\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a map with the objective and a nan metric", "{accuracy: 0.9, loss: nan}\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a metric twice", "accuracy: 0.9\naccuracy: 0.1\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("JSON with quoted keys", "{\"accuracy\": 0.9, \"loss\": 1e-3}".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("Java's float suffix", "0.9f\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(result("a tie with config-1", "0.5\n".getBytes(StandardCharsets.US_ASCII)));
    c.add(new Case("failed and skipped together, result nan", root -> {
      write(root, ODD + "/result", "nan\n");
      write(root, ODD + "/failed", "kind: exit_code\nexit_code: 1\nreason: 'exit code 1'\nattempts: 1\n");
      write(root, ODD + "/skipped", "reason: 'not promoted'\n");
    }));
    c.add(new Case("failed and skipped together, result 0.9", root -> {
      write(root, ODD + "/result", "0.9\n");
      write(root, ODD + "/failed", "exit_code: 0\n");
      write(root, ODD + "/skipped", "");
    }));
    c.add(new Case("a failed marker of garbage next to a good result", root -> {
      write(root, ODD + "/result", "0.9\n");
      Files.write(root.resolve(ODD + "/failed"), bytes("", 0xff, 0xfe, 0, "\n"));
    }));
    c.add(new Case("a stale started of a dead pid", root -> write(root, ODD + "/started",
        "time: 2026-01-01T00:00:00Z\nhost: " + HOST + "\npid: " + DEAD + "\nslurm_job_id: \nattempt: 1\n")));
    c.add(new Case("started without a host", root -> write(root, ODD + "/started",
        "time: 2026-01-01T00:00:00Z\npid: " + DEAD + "\nattempt: 1\n")));
    c.add(new Case("started of garbage with CRLF", root -> write(root, ODD + "/started",
        "time: yesterday\r\nhost: \r\npid: -4\r\nattempt: x\r\n")));
    c.add(new Case("a failed marker without a result", root -> {
      write(root, ODD + "/started", "time: 2026-01-01T00:00:00Z\nhost: " + HOST + "\npid: " + DEAD + "\n");
      write(root, ODD + "/failed", "kind: timeout\nexit_code: 0\n");
    }));
    c.add(new Case("junk promoted-from in a filled stage-1 slot", root -> {
      write(root, "bracket-0/stage-1/config-0/config", "{}\n");
      write(root, "bracket-0/stage-1/config-0/promoted-from", "../../../etc\n");
      write(root, ODD + "/result", "0.9\n");
    }));
    c.add(new Case("a result that is a directory", root -> Files.createDirectories(root.resolve(ODD + "/result"))));
    c.add(new Case("a trial directory that is a file", root -> {
      hbgen.search.AtomicFiles.deleteTree(root.resolve(ODD));
      write(root, ODD, "not a directory");
    }));
    c.add(new Case("the stage-0 config missing next to a result", root -> {
      Files.delete(root.resolve(ODD + "/config"));
      write(root, ODD + "/result", "0.9\n");
    }, ODD + "/config"));
    c.add(new Case("a ledger line older than a rewritten result", root -> {
      write(root, ODD + "/result", "0.9\n");
      ledger(root, Instant.now().minusSeconds(3600), ODD, "completed", "0.7");
    }));
    c.add(new Case("a ledger line newer than the result, saying something else", root -> {
      write(root, ODD + "/result", "0.9\n");
      Files.setLastModifiedTime(root.resolve(ODD + "/result"), FileTime.from(Instant.now().minusSeconds(3600)));
      ledger(root, Instant.now(), ODD, "completed", "0.7");
    }));
    c.add(new Case("a ledger line of junk objective", root -> {
      write(root, ODD + "/result", "0.9\n");
      ledger(root, Instant.now(), ODD, "completed", "0.9e");
    }));
    c.add(new Case("a ledger line calling a good result failed", root -> {
      write(root, ODD + "/result", "0.9\n");
      ledger(root, Instant.now(), ODD, "failed", "nan");
    }));
    c.add(new Case("a ledger line without a result", root -> ledger(root, Instant.now(), ODD, "completed", "0.99")));
    c.add(new Case("a torn ledger line and a ledger without its header", root -> {
      write(root, ODD + "/result", "0.9\n");
      Files.writeString(root.resolve("results.tsv"), Files.readString(root.resolve("results.tsv"))
          .replaceFirst("^[^\n]*\n", "") + "2026-01\tbrack\n");
    }));
    c.add(new Case("results.tsv that is a directory", root -> {
      write(root, ODD + "/result", "0.9\n");
      Files.delete(root.resolve("results.tsv"));
      Files.createDirectory(root.resolve("results.tsv"));
    }));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void every_command_and_promotion_agree_on_every_trial(Case odd) throws IOException {
    Path root = tmp.resolve("search");
    assertThat(Cli.run("generate", "2", "3", "-o", root.toString(), "--random-seed", "7", "--objective", "accuracy",
        "--maximize", "--trainer", "true").code()).isZero();
    baseline(root);
    odd.setup().apply(root);

    Map<String, Seen> status = status(root);
    Cli.Run resultsRun = Cli.run("results", root.toString(), "--format", "json");
    assertThat(resultsRun.code()).as(resultsRun.err()).isZero();
    Map<String, Seen> results = new TreeMap<>();
    for (JsonNode t : JSON.readTree(resultsRun.out())) {
      results.put(t.get("trial").asText(), new Seen(t.get("state").asText(), number(t.get("value"))));
    }
    assertThat(status).as("status --json against results --format json").isEqualTo(results);

    SearchDir search = SearchDir.open(root);
    Optional<Outcome> expected = Best.of(outcomes(search, results), Direction.MAXIMIZE, search.incumbent());
    assertThat(bestPath(status(root, "best"))).as("status --json's best").isEqualTo(expected.map(o -> o.id().path()));
    assertBest(root, expected, false);

    String progress = resultsRun.err().lines().filter(l -> l.startsWith("hbgen: search not finished: "))
        .map(l -> l.substring("hbgen: search not finished: ".length())).findFirst().orElseThrow();
    Path html = tmp.resolve("report.html");
    Cli.Run report = Cli.run("report", root.toString(), "-o", html.toString());
    assertThat(report.out()).as(report.err()).isEqualTo("Wrote " + html + " (" + progress + ").\n");
    expected.ifPresent(o -> assertThat(readString(html)).contains("Trial <code>" + o.id().path() + "</code>"));

    if (!odd.refusal().isEmpty()) {
      // The rule ranks the trial like every command does, but its files cannot be promoted: one error naming them.
      assertThatThrownBy(() -> PromotionFiles.promote(search, new Schedule.StageRef(0, 1)))
          .isInstanceOf(RuntimeFailure.class).hasMessageContaining(odd.refusal());
      return;
    }
    PromotionFiles.promote(search, new Schedule.StageRef(0, 1));
    Map<String, Double> ranked = ranking(root.resolve("bracket-0/stage-1/promotion.yaml"));
    assertThat(ranked).hasSize(9);
    ranked.forEach((trial, value) -> assertThat(new Seen(results.get(trial).state(), value).sameValue(results.get(trial)))
        .as("%s ranks with %s, results say %s", trial, value, results.get(trial)).isTrue());
    List<String> promotedByResults = results.entrySet().stream()
        .filter(e -> e.getKey().startsWith("bracket-0/stage-0/") && e.getValue().state().equals("completed"))
        .sorted((a, b) -> {
          int c = Double.compare(b.getValue().value(), a.getValue().value());
          return c != 0 ? c : TrialIdOrder.compare(a.getKey(), b.getKey());
        })
        .limit(3).map(Map.Entry::getKey).toList();
    assertThat(promotedFrom(root)).as("promotion").isEqualTo(promotedByResults);

    BestFiles.write(SearchDir.open(root));
    assertBest(root, expected, true);
  }

  /** What a command says of one trial: its state and value (NaN when it has none). */
  record Seen(String state, double value) {
    boolean sameValue(Seen o) {
      return Double.isNaN(value) ? Double.isNaN(o.value) : value == o.value;
    }

    @Override public boolean equals(Object o) {
      return o instanceof Seen s && s.state.equals(state) && sameValue(s);
    }

    @Override public int hashCode() {
      return state.hashCode();
    }
  }

  private static Map<String, Seen> status(Path root) throws IOException {
    Map<String, Seen> out = new TreeMap<>();
    for (JsonNode b : status(root, "brackets")) {
      for (JsonNode s : b.get("stages")) {
        for (JsonNode t : s.get("trials")) {
          out.put(t.get("path").asText(), new Seen(t.get("state").asText(), number(t.get("objective"))));
        }
      }
    }
    return out;
  }

  private static JsonNode status(Path root, String field) throws IOException {
    Cli.Run run = Cli.run("status", root.toString(), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    return JSON.readTree(run.out()).get(field);
  }

  private static Optional<String> bestPath(JsonNode best) {
    return best == null || best.isNull() ? Optional.empty() : Optional.of(best.get("path").asText());
  }

  private static void assertBest(Path root, Optional<Outcome> expected, boolean isFinal) throws IOException {
    Cli.Run best = Cli.run("best", root.toString(), "--format", "json");
    if (expected.isEmpty()) {
      assertThat(best.code()).as(best.out()).isEqualTo(1);
      return;
    }
    assertThat(best.code()).as(best.err()).isZero();
    JsonNode answer = JSON.readTree(best.out());
    assertThat(answer.get("final").asBoolean()).isEqualTo(isFinal);
    assertThat(answer.get("trial").asText()).isEqualTo(expected.get().id().path());
    assertThat(number(answer.get("value"))).isEqualTo(expected.get().objective());
  }

  private static List<Outcome> outcomes(SearchDir search, Map<String, Seen> results) {
    return results.entrySet().stream().map(e -> {
      TrialId id = Layout.parseTrial(e.getKey());
      double budget = search.stage(id).budget();
      return e.getValue().state().equals("completed") ? new Outcome(id, budget, e.getValue().value(), "")
          : Outcome.missing(id, budget);
    }).toList();
  }

  private static final Pattern RANKED = Pattern.compile("- \\{trial: (\\S+), value: (\\S+), promoted_to: (\\S+)}");

  private static Map<String, Double> ranking(Path promotion) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : readString(promotion).split("\n")) {
      Matcher m = RANKED.matcher(line);
      if (m.matches()) {
        out.put(m.group(1), ResultFormat.number(m.group(2)) + 0.0);
      }
    }
    return out;
  }

  private static List<String> promotedFrom(Path root) {
    List<String> out = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      Path from = root.resolve("bracket-0/stage-1/config-" + k + "/promoted-from");
      if (Files.isRegularFile(from)) {
        out.add(readString(from).strip());
      }
    }
    return out;
  }

  /** Trial paths in plan order. */
  private static final class TrialIdOrder {
    static int compare(String a, String b) {
      return Layout.parseTrial(a).compareTo(Layout.parseTrial(b));
    }
  }

  private static double number(JsonNode n) {
    return n == null || n.isNull() ? Double.NaN : n.asDouble();
  }

  /** config-1 completed 0.5 (ledger line), config-2 completed 0.3 (no line), config-3 failed. */
  private static void baseline(Path root) throws IOException {
    write(root, "bracket-0/stage-0/config-1/result", "{accuracy: 0.5, loss: 0.2}\n");
    ledger(root, Instant.now(), "bracket-0/stage-0/config-1", "completed", "0.5");
    write(root, "bracket-0/stage-0/config-2/result", "0.3\n");
    write(root, "bracket-0/stage-0/config-3/failed", "kind: exit_code\nexit_code: 3\nreason: 'exit code 3'\n");
    write(root, "bracket-0/stage-0/config-3/result", "nan\n");
    ledger(root, Instant.now(), "bracket-0/stage-0/config-3", "failed", "nan");
  }

  private static Case result(String name, byte[] bytes) {
    return new Case("result: " + name, root -> Files.write(root.resolve(ODD + "/result"), bytes));
  }

  private static void write(Path root, String file, String text) throws IOException {
    Files.createDirectories(root.resolve(file).getParent());
    Files.writeString(root.resolve(file), text, StandardCharsets.UTF_8);
  }

  private static void ledger(Path root, Instant time, String trial, String state, String objective) throws IOException {
    String line = String.join("\t", time.truncatedTo(ChronoUnit.SECONDS).toString(), trial, state, objective, "1", "2",
        "1", "{}", state.equals("failed") ? "exit code 3" : "", HOST, "") + "\n";
    Files.writeString(root.resolve("results.tsv"), line, StandardOpenOption.APPEND);
  }

  /** Text and bytes: each Integer is one byte. */
  private static byte[] bytes(Object... parts) {
    StringBuilder s = new StringBuilder();
    for (Object p : parts) {
      s.append(p instanceof Integer i ? String.valueOf((char) i.intValue()) : (String) p);
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] huge() {
    byte[] comment = "# a long comment line of a chatty trainer, repeated many times over\n".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[comment.length * 40_000 + 4];
    for (int i = 0; i < 40_000; i++) {
      System.arraycopy(comment, 0, out, i * comment.length, comment.length);
    }
    System.arraycopy("0.9\n".getBytes(StandardCharsets.US_ASCII), 0, out, comment.length * 40_000, 4);
    return Arrays.copyOf(out, out.length);
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long deadPid() {
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
}
