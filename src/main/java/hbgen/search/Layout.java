package hbgen.search;

import hbgen.trial.TrialId;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where everything of a search lives on disk (SPEC section 3), the one place that builds and
 * parses its paths: {@code bracket-I/stage-J/config-K} trial directories with their marker files,
 * {@code bracket-I/stage-J/promotion.yaml}, and {@code results.tsv}, {@code best.yaml} and the
 * best {@code config} at the root.
 *
 * @param root the search root
 */
public record Layout(Path root) {
  /** A trial's configuration (also: the best configuration's copy at the root). */
  public static final String CONFIG = "config";
  /** The trial of the stage before that a promoted trial continues. */
  public static final String PROMOTED_FROM = "promoted-from";
  /** Written by the launcher at each attempt. */
  public static final String STARTED = "started";
  /** Written by the launcher when the last attempt failed. */
  public static final String FAILED = "failed";
  /** Written by the launcher for a promotion slot left empty. */
  public static final String SKIPPED = "skipped";
  /** The trainer's result; its existence means the trial finished. */
  public static final String RESULT = "result";
  /** Where the trainer writes its result ({@code HB_RESULT}); run.sh checks it and renames it to {@link #RESULT}. */
  public static final String RESULT_NEW = "result.new";
  /** The trial's log. */
  public static final String LOG = "log";
  /** Snakemake's output of a train job, touched once the trial has its result (never a decision: {@code result} is). */
  public static final String DONE = "done";
  /** What run.sh itself printed under Snakemake (Snakemake deletes a job's log file before every run). */
  public static final String SNAKEMAKE_LOG = "snakemake.log";
  /** Written last by a stage's promotion. */
  public static final String PROMOTION = "promotion.yaml";
  /** Written last by a batch's proposal: {@code bracket-I/stage-0/proposal-K.yaml} (model-based samplers). */
  public static final String PROPOSAL_PREFIX = "proposal-";
  /** The ledger at the root. */
  public static final String LEDGER = "results.tsv";
  /** The best trial's summary at the root. */
  public static final String BEST = "best.yaml";
  /** Every marker a trial directory may hold. */
  public static final List<String> MARKERS =
      List.of(CONFIG, PROMOTED_FROM, STARTED, LOG, RESULT, FAILED, SKIPPED, DONE, SNAKEMAKE_LOG);

  private static final Pattern TRIAL = Pattern.compile("bracket-(\\d{1,9})/stage-(\\d{1,9})/config-(\\d{1,18})/?");

  public Layout {
    if (root == null) {
      throw new IllegalArgumentException("a layout needs a root");
    }
  }

  /** {@code bracket-I/stage-J}, relative to the root. */
  public static String stagePath(int bracket, int stage) {
    return "bracket-" + bracket + "/stage-" + stage;
  }

  /** {@code bracket-I/stage-J/config-K}, relative to the root: the trial's name everywhere. */
  public static String trialPath(TrialId id) {
    return id.path();
  }

  /** Parses {@link #trialPath}, or throws naming the expected form. */
  public static TrialId parseTrial(String path) {
    Matcher m = TRIAL.matcher(path.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a trial path (bracket-I/stage-J/config-K): " + path);
    }
    return new TrialId(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)));
  }

  /** {@link #parseTrial} over bytes, by hand (the ledger's hot path); null when malformed. */
  public static TrialId parseTrial(byte[] s, int from, int to) {
    String prefix = "bracket-";
    if (to - from < prefix.length() || !regionEquals(s, from, prefix)) {
      return null;
    }
    int a = find(s, "/stage-", from + prefix.length(), to);
    int b = a < 0 ? -1 : find(s, "/config-", a + 7, to);
    if (b < 0) {
      return null;
    }
    long bracket = digits(s, from + prefix.length(), a);
    long stage = digits(s, a + 7, b);
    long config = digits(s, b + 8, to);
    if (bracket < 0 || stage < 0 || config < 0 || bracket > Integer.MAX_VALUE || stage > Integer.MAX_VALUE) {
      return null;
    }
    return new TrialId((int) bracket, (int) stage, config);
  }

  /** A trial's directory. */
  public Path trialDir(TrialId id) {
    return root.resolve(trialPath(id));
  }

  /** A file in a trial's directory, e.g. {@code marker(id, RESULT)}. */
  public Path marker(TrialId id, String name) {
    return trialDir(id).resolve(name);
  }

  /** A stage's directory. */
  public Path stageDir(int bracket, int stage) {
    return root.resolve(stagePath(bracket, stage));
  }

  /** The promotion record of a stage (J > 0). */
  public Path promotion(int bracket, int stage) {
    return stageDir(bracket, stage).resolve(PROMOTION);
  }

  /** {@code bracket-I/stage-0/proposal-K.yaml}, relative to the root: batch K of bracket I's proposal. */
  public static String proposalPath(int bracket, int batch) {
    return stagePath(bracket, 0) + "/" + PROPOSAL_PREFIX + batch + ".yaml";
  }

  /** The proposal record of batch {@code batch} of a bracket. */
  public Path proposal(int bracket, int batch) {
    return root.resolve(proposalPath(bracket, batch));
  }

  /** {@code results.tsv}. */
  public Path ledger() {
    return root.resolve(LEDGER);
  }

  /** {@code best.yaml}. */
  public Path best() {
    return root.resolve(BEST);
  }

  /** The copy of the best configuration at the root. */
  public Path bestConfig() {
    return root.resolve(CONFIG);
  }

  private static boolean regionEquals(byte[] s, int from, String word) {
    if (from + word.length() > s.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (s[from + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int find(byte[] s, String word, int from, int to) {
    for (int i = from; i + word.length() <= to; i++) {
      if (regionEquals(s, i, word)) {
        return i;
      }
    }
    return -1;
  }

  /** The decimal number in s[from, to), or -1 when it is empty, too long or not all digits. */
  static long digits(byte[] s, int from, int to) {
    if (to <= from || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      byte c = s[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
