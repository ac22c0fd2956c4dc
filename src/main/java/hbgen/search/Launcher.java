package hbgen.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How run.sh starts the trainer: on this machine ({@code local}), as a Slurm job step ({@code
 * srun}), as a batch job it waits for ({@code sbatch --wait}), or as an IBM LSF job it waits for
 * ({@code bsub -K}), with the Slurm or LSF resources to ask for.
 *
 * @param kind local, srun, sbatch or bsub
 * @param partition --partition, or null
 * @param timeSeconds --time for every trial, or the floor when {@code perBudgetSeconds} is set; 0 = none
 * @param perBudgetSeconds time limit per budget unit; 0 = none
 * @param mem --mem, e.g. 4G, or null
 * @param cpus --cpus-per-task, 0 = not set
 * @param gpus --gpus, e.g. 1 or a100:1, or null
 * @param account --account, or null
 * @param qos --qos, or null
 * @param extra further sbatch/srun arguments, one per element
 * @param signal the notice Slurm sends ahead of the time limit, {@code SIG@SECONDS} (e.g. {@code USR1@120}), or "" for none
 * @param requeue how often a trial whose job ended by its time limit, by preemption or by a requeue is started again
 * @param timeoutSeconds the local launcher's time limit of a trial (--timeout); 0 = none
 * @param lsf the LSF resources of the bsub launcher
 */
public record Launcher(String kind, String partition, long timeSeconds, long perBudgetSeconds, String mem, int cpus,
    String gpus, String account, String qos, List<String> extra, String signal, int requeue, long timeoutSeconds,
    Lsf lsf) {
  private static final Pattern TIME = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");
  /** Longest time limit accepted (Slurm keeps limits in 32-bit minutes). */
  static final long MAX_SECONDS = 365_000L * 86_400;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:,+=@/-]+");
  /** Signals a trainer may be told to checkpoint with (sbatch/srun --signal), as bash's trap names them. */
  private static final Pattern SIGNAL = Pattern.compile("(?:SIG)?(USR1|USR2|TERM|INT|HUP|ALRM|URG|QUIT|CONT|WINCH)(?:@(\\d{1,5}))?");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd]?)");
  /** The notice Slurm sends when a time limit is set and --slurm-signal is not. */
  public static final String DEFAULT_SIGNAL = "USR1@120";
  /** Most requeues of one trial. */
  static final int MAX_REQUEUE = 1000;

  public Launcher {
    if (!List.of("local", "srun", "sbatch", "bsub").contains(kind)) {
      throw new IllegalArgumentException("--launcher must be local, srun, sbatch or bsub, was '" + kind + "'");
    }
    if (lsf == null) {
      throw new IllegalArgumentException("the LSF settings must not be null");
    }
    if (timeSeconds < 0 || perBudgetSeconds < 0) {
      throw new IllegalArgumentException("Slurm time limits must not be negative");
    }
    if (cpus < 0) {
      throw new IllegalArgumentException("--slurm-cpus must be >= 1, was " + cpus);
    }
    check("--slurm-partition", partition);
    check("--slurm-mem", mem);
    check("--slurm-gpus", gpus);
    check("--slurm-account", account);
    check("--slurm-qos", qos);
    extra = List.copyOf(extra);
    signal = signal == null ? "" : signal;
    if (!signal.isEmpty() && !signal.equals(parseSignal("--slurm-signal", signal))) {
      throw new IllegalArgumentException("--slurm-signal must be SIG@SECONDS, e.g. USR1@120, was '" + signal + "'");
    }
    if (requeue < 0 || requeue > MAX_REQUEUE) {
      throw new IllegalArgumentException("--slurm-requeue must be between 0 and " + MAX_REQUEUE + ", was " + requeue);
    }
    if (timeoutSeconds < 0 || timeoutSeconds > MAX_SECONDS) {
      throw new IllegalArgumentException("--timeout must be positive and at most " + MAX_SECONDS / 86400 + " days");
    }
    if (timeoutSeconds > 0 && !kind.equals("local")) {
      throw new IllegalArgumentException("--timeout limits trials of the local launcher; with --launcher " + kind
          + " use " + (kind.equals("bsub") ? "--lsf-time" : "--slurm-time"));
    }
  }

  /**
   * Parses {@code --slurm-signal}: {@code SIG@SECONDS} with a signal bash can trap (USR1, USR2, TERM,
   * INT, HUP, ALRM, URG, QUIT, CONT, WINCH; a {@code SIG} prefix is dropped) and 1-65535 seconds
   * (120 when left out); {@code none} for no notice. Returns the canonical form, e.g. {@code USR1@120}, or "".
   */
  public static String parseSignal(String option, String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    if (t.equals("NONE")) {
      return "";
    }
    Matcher m = SIGNAL.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " must be SIG@SECONDS with SIG one of USR1, USR2, TERM, INT, HUP, ALRM,"
          + " URG, QUIT, CONT, WINCH (e.g. USR1@120), or none; was '" + text + "'");
    }
    int seconds = m.group(2) == null ? 120 : Integer.parseInt(m.group(2));
    if (seconds < 1 || seconds > 65535) {
      throw new IllegalArgumentException(option + " seconds must be between 1 and 65535, was '" + text + "'");
    }
    return m.group(1) + "@" + seconds;
  }

  /**
   * Parses {@code --timeout}: seconds with an optional unit ({@code 90}, {@code 90s}, {@code 30m},
   * {@code 2h}, {@code 1d}) or a Slurm-style time with colons ({@code 01:00:00}, {@code MM:SS}, {@code D-HH:MM:SS}).
   */
  public static long parseDuration(String option, String text) {
    String t = text.strip();
    if (t.contains(":") || t.contains("-")) {
      return parseTime(option, t);
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " must be a duration such as 90s, 30m, 2h or 01:00:00, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    long seconds = n * switch (m.group(2)) {
      case "m" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> 1;
    };
    if (seconds <= 0) {
      throw new IllegalArgumentException(option + " must be positive, was '" + text + "'");
    }
    if (seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(option + " must be at most " + MAX_SECONDS / 86400 + " days, was '" + text + "'");
    }
    return seconds;
  }

  /** The signal's name (e.g. {@code USR1}), or "" when no notice is sent. */
  public String signalName() {
    return signal.isEmpty() ? "" : signal.substring(0, signal.indexOf('@'));
  }

  /** Seconds before the time limit the notice is sent, or 0 when none is. */
  public long signalSeconds() {
    return signal.isEmpty() ? 0 : Long.parseLong(signal.substring(signal.indexOf('@') + 1));
  }

  private static void check(String option, String value) {
    if (value != null && !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(option + " must be a plain Slurm value (letters, digits, _ . : , + = @ / -), was '" + value + "'");
    }
  }

  /** The local launcher: no Slurm. */
  public static Launcher local() {
    return new Launcher("local", null, 0, 0, null, 0, null, null, null, List.of(), "", 0, 0, Lsf.none());
  }

  /** Whether trials go through Slurm (srun or sbatch). */
  public boolean slurm() {
    return kind.equals("srun") || kind.equals("sbatch");
  }

  /**
   * Parses a Slurm time ("minutes", "MM:SS", "HH:MM:SS", "D-HH", "D-HH:MM", "D-HH:MM:SS") into
   * seconds, as sbatch(1) reads it.
   */
  public static long parseTime(String option, String text) {
    Matcher m = TIME.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(option + " must be a Slurm time such as 30, 01:30:00 or 1-12:00:00, was '" + text + "'");
    }
    long seconds;
    try {
      long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
      long a = Long.parseLong(m.group(2));
      Long b = m.group(3) == null ? null : Long.parseLong(m.group(3));
      Long c = m.group(4) == null ? null : Long.parseLong(m.group(4));
      if (m.group(1) != null) { // D-HH[:MM[:SS]]
        seconds = Math.addExact(Math.addExact(Math.multiplyExact(days, 86400), Math.multiplyExact(a, 3600)),
            Math.addExact(b == null ? 0 : Math.multiplyExact(b, 60), c == null ? 0 : c));
      } else if (c != null) { // HH:MM:SS
        seconds = Math.addExact(Math.addExact(Math.multiplyExact(a, 3600), Math.multiplyExact(b, 60)), c);
      } else if (b != null) { // MM:SS
        seconds = Math.addExact(Math.multiplyExact(a, 60), b);
      } else { // minutes
        seconds = Math.multiplyExact(a, 60);
      }
    } catch (ArithmeticException | NumberFormatException e) {
      seconds = Long.MAX_VALUE;
    }
    if (seconds <= 0) {
      throw new IllegalArgumentException(option + " must be positive, was '" + text + "'");
    }
    if (seconds > MAX_SECONDS) {
      throw new IllegalArgumentException(option + " must be at most " + MAX_SECONDS / 86400 + " days, was '" + text + "'");
    }
    return seconds;
  }

  /** Seconds as Slurm's D-HH:MM:SS, rounded up to whole minutes (Slurm's granularity). */
  public static String formatTime(long seconds) {
    long minutes = (seconds + 59) / 60;
    long d = minutes / 1440;
    long h = (minutes % 1440) / 60;
    long m = minutes % 60;
    return (d > 0 ? d + "-" : "") + String.format("%02d:%02d:00", h, m);
  }

  /** The time limit of a trial with this budget, or null when none is set. */
  public String timeLimit(double budget) {
    if (perBudgetSeconds > 0) {
      return formatTime(Math.min(MAX_SECONDS, Math.max(timeSeconds, (long) Math.ceil(perBudgetSeconds * budget))));
    }
    return timeSeconds > 0 ? formatTime(timeSeconds) : null;
  }

  /** The time limit run.sh gives a trial with this budget: LSF's -W for bsub, else Slurm's --time; null when none. */
  public String stageLimit(double budget) {
    return kind.equals("bsub") ? lsf.timeLimit(budget) : timeLimit(budget);
  }

  /** The resource arguments every trial's srun/sbatch gets (the time limit is per stage). */
  public List<String> arguments() {
    List<String> a = new ArrayList<>();
    if (partition != null) {
      a.add("--partition=" + partition);
    }
    if (mem != null) {
      a.add("--mem=" + mem);
    }
    if (cpus > 0) {
      a.add("--cpus-per-task=" + cpus);
    }
    if (gpus != null) {
      a.add("--gpus=" + gpus);
    }
    if (account != null) {
      a.add("--account=" + account);
    }
    if (qos != null) {
      a.add("--qos=" + qos);
    }
    a.addAll(extra);
    return a;
  }

  /** The settings as recorded in the manifest (keys sorted, unset ones left out). */
  public Map<String, Object> manifest() {
    Map<String, Object> m = new TreeMap<>();
    m.put("kind", kind);
    Map<String, Object> s = new LinkedHashMap<>();
    if (partition != null) {
      s.put("partition", partition);
    }
    if (timeSeconds > 0) {
      s.put("time", formatTime(timeSeconds));
    }
    if (perBudgetSeconds > 0) {
      s.put("time_per_budget", formatTime(perBudgetSeconds));
    }
    if (mem != null) {
      s.put("mem", mem);
    }
    if (cpus > 0) {
      s.put("cpus", cpus);
    }
    if (gpus != null) {
      s.put("gpus", gpus);
    }
    if (account != null) {
      s.put("account", account);
    }
    if (qos != null) {
      s.put("qos", qos);
    }
    if (!extra.isEmpty()) {
      s.put("extra", extra);
    }
    if (!signal.isEmpty()) {
      s.put("signal", signal);
    }
    if (requeue > 0) {
      s.put("requeue", requeue);
    }
    if (!s.isEmpty()) {
      m.put("slurm", new TreeMap<>(s));
    }
    if (!lsf.manifest().isEmpty()) {
      m.put("lsf", lsf.manifest());
    }
    if (timeoutSeconds > 0) {
      m.put("timeout_seconds", timeoutSeconds);
    }
    return m;
  }

  /**
   * Splits {@code --slurm-extra} like a shell would split words (single and double quotes,
   * backslash), without expanding anything.
   */
  public static List<String> words(String text) {
    return words("--slurm-extra", text);
  }

  /** Splits the value of {@code option} ({@code --slurm-extra}, {@code --lsf-extra}) like shell words. */
  public static List<String> words(String option, String text) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
          w.append(text.charAt(++i));
        } else {
          w.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < text.length()) {
        w.append(text.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          out.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException(option + " has an unclosed quote: " + text);
    }
    if (inWord) {
      out.add(w.toString());
    }
    return out;
  }
}
