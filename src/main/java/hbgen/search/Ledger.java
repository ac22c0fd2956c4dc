package hbgen.search;

import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The only reader of the ledger {@code results.tsv} that run.sh appends one line to per finished
 * trial (SPEC section 3; the header is {@link SearchWriter#LEDGER_HEADER}). A trial run again gets
 * another line: the last one wins. Columns are found by the header's names, so columns added later
 * do not break older readers; a file without a header is read with the columns hbgen writes. A
 * malformed line, or a file that cannot be read, is a problem to report, never an error: the trial
 * files are the truth and the ledger an index over them.
 *
 * <p>A search of 100,000 trials has a ledger of about 15 MB, read on every {@code hbgen status}:
 * it is parsed straight from its bytes, in one piece per core, copying out only the objective
 * and the reason of each line.
 */
public final class Ledger {
  /** Bytes above which the ledger is parsed in parallel pieces. */
  private static final int PIECE = 1 << 20;

  private final Map<TrialId, Entry> entries;
  private final List<String> problems;

  private Ledger(Map<TrialId, Entry> entries, List<String> problems) {
    this.entries = Collections.unmodifiableMap(entries);
    this.problems = List.copyOf(problems);
  }

  /**
   * One ledger line.
   *
   * @param id the trial
   * @param completed true for {@code completed}, false for {@code failed}
   * @param objectiveText the objective as written ({@code nan} for a failed trial)
   * @param budget the budget it trained with, or NaN when not recorded
   * @param durationSeconds wall time over all its attempts, or -1 when not recorded
   * @param reason why it failed ("" when it completed)
   * @param epochSecond when the line was written, or -1 when its time does not parse
   * @param attempts attempts made, or 0 when not recorded
   * @param host the host that ran it ("" when not recorded)
   * @param slurmJobId its Slurm job ("" when none)
   */
  public record Entry(TrialId id, boolean completed, String objectiveText, double budget, long durationSeconds,
      String reason, long epochSecond, int attempts, String host, String slurmJobId) {
    public Entry {
      if (id == null || objectiveText == null || reason == null || host == null || slurmJobId == null) {
        throw new IllegalArgumentException("a ledger entry needs an id and its text fields");
      }
    }
  }

  /** Reads the ledger of a search; a missing file is an empty ledger, an unreadable one a problem. */
  public static Ledger read(Layout layout) {
    Path file = layout.ledger();
    try {
      return parse(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return new Ledger(new HashMap<>(), List.of());
    } catch (IOException e) {
      return new Ledger(new HashMap<>(), List.of(Layout.LEDGER + ": cannot read: " + AtomicFiles.describe(e)
          + "; states and objectives come from the trial directories"));
    }
  }

  /** Parses the ledger's text. */
  public static Ledger parse(String text) {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses the ledger's bytes (UTF-8). */
  public static Ledger parse(byte[] text) {
    List<String> problems = new ArrayList<>();
    int end = indexOf(text, (byte) '\n', 0, text.length);
    int body = end < 0 ? text.length : end + 1;
    String header = new String(text, 0, end < 0 ? text.length : end, StandardCharsets.ISO_8859_1);
    Columns columns = Columns.of(header.split("\t", -1));
    if (columns == null) {
      columns = Columns.of(SearchWriter.LEDGER_HEADER.strip().split("\t", -1));
      if (!header.isBlank()) {
        problems.add(Layout.LEDGER + ": no header line (time, trial, state, ...); read with the columns hbgen writes");
      }
      body = 0;
    }
    Columns cols = columns;
    int from = body;
    int pieces = text.length - from > PIECE ? Math.max(1, Runtime.getRuntime().availableProcessors()) : 1;
    int[] bounds = new int[pieces + 1];
    bounds[0] = from;
    bounds[pieces] = text.length;
    for (int i = 1; i < pieces; i++) {
      int at = Math.max(bounds[i - 1], from + (int) ((long) (text.length - from) * i / pieces));
      int nl = indexOf(text, (byte) '\n', at, text.length);
      bounds[i] = nl < 0 ? text.length : nl + 1;
    }
    List<Part> parts = IntStream.range(0, pieces).parallel()
        .mapToObj(i -> Part.parse(text, bounds[i], bounds[i + 1], cols))
        .toList();
    Map<TrialId, Entry> entries = parts.get(0).entries();
    int bad = parts.get(0).bad();
    int firstBad = parts.get(0).firstBad();
    for (Part part : parts.subList(1, parts.size())) {
      entries.putAll(part.entries());
      bad += part.bad();
      firstBad = firstBad >= 0 ? firstBad : part.firstBad();
    }
    if (bad > 0) {
      int line = 1;
      for (int i = 0; i < firstBad; i++) {
        line += text[i] == '\n' ? 1 : 0;
      }
      problems.add(Layout.LEDGER + ": " + bad + " malformed line" + (bad == 1 ? "" : "s") + " ignored (first: line " + line + ")");
    }
    return new Ledger(entries, problems);
  }

  /** The last line of each trial. */
  public Map<TrialId, Entry> entries() {
    return entries;
  }

  /** What was wrong with the file (malformed lines), for a warning; empty when fine. */
  public List<String> problems() {
    return problems;
  }

  /** The last line of a trial, or null. */
  public Entry get(TrialId id) {
    return entries.get(id);
  }

  private static int indexOf(byte[] b, byte c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** The entries of the lines in one piece of the text, and its malformed lines (count, offset of the first or -1). */
  private record Part(Map<TrialId, Entry> entries, int bad, int firstBad) {
    static Part parse(byte[] text, int from, int to, Columns columns) {
      Map<TrialId, Entry> entries = new HashMap<>(Math.max(16, (to - from) / 100));
      int[] starts = new int[columns.width()];
      int[] ends = new int[columns.width()];
      int bad = 0;
      int firstBad = -1;
      int pos = from;
      while (pos < to) {
        int next = indexOf(text, (byte) '\n', pos, to);
        if (next < 0) {
          next = to;
        }
        int start = pos;
        pos = next + 1;
        if (blank(text, start, next)) {
          continue;
        }
        Entry e = columns.entry(text, start, next, starts, ends);
        if (e == null) {
          bad++;
          firstBad = firstBad < 0 ? start : firstBad;
        } else {
          entries.put(e.id(), e);
        }
      }
      return new Part(entries, bad, firstBad);
    }

    private static boolean blank(byte[] text, int from, int to) {
      for (int i = from; i < to; i++) {
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\r') {
          return false;
        }
      }
      return true;
    }
  }

  /** Positions of the columns the reader needs (-1: absent), and how many columns a line needs. */
  private record Columns(int time, int trial, int state, int objective, int budget, int duration, int reason,
      int attempts, int host, int job, int width) {
    static Columns of(String[] header) {
      Map<String, Integer> at = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        at.putIfAbsent(header[i].strip(), i);
      }
      for (String required : List.of("time", "trial", "state", "objective")) {
        if (!at.containsKey(required)) {
          return null;
        }
      }
      int time = at.get("time");
      int trial = at.get("trial");
      int state = at.get("state");
      int objective = at.get("objective");
      int budget = at.getOrDefault("budget", -1);
      int duration = at.getOrDefault("duration_s", -1);
      int reason = at.getOrDefault("reason", -1);
      int attempts = at.getOrDefault("attempts", -1);
      int host = at.getOrDefault("host", -1);
      int job = at.getOrDefault("slurm_job_id", -1);
      int width = 1 + Math.max(Math.max(Math.max(time, trial), Math.max(state, objective)),
          Math.max(Math.max(Math.max(budget, duration), reason), Math.max(attempts, Math.max(host, job))));
      return new Columns(time, trial, state, objective, budget, duration, reason, attempts, host, job, width);
    }

    /**
     * The entry of the line text[from, to), or null when it is malformed. Columns up to the last
     * needed one are located (a line may lack the trailing reason column); only the objective and
     * the reason are copied out as strings.
     */
    Entry entry(byte[] text, int from, int to, int[] starts, int[] ends) {
      int col = 0;
      int start = from;
      while (col < width) {
        int tab = indexOf(text, (byte) '\t', start, to);
        int end = tab < 0 ? to : tab;
        starts[col] = start;
        ends[col] = end;
        col++;
        if (tab < 0) {
          break;
        }
        start = end + 1;
      }
      int needed = 1 + Math.max(Math.max(Math.max(time, trial), Math.max(state, objective)), Math.max(budget, duration));
      if (col < needed) {
        return null;
      }
      boolean completed;
      if (equals(text, starts[state], ends[state], "completed")) {
        completed = true;
      } else if (equals(text, starts[state], ends[state], "failed")) {
        completed = false;
      } else {
        return null;
      }
      TrialId id = Layout.parseTrial(text, starts[trial], ends[trial]);
      if (id == null) {
        return null;
      }
      String objectiveText = string(text, starts[objective], ends[objective]);
      double b = budget < 0 ? Double.NaN : number(text, starts[budget], ends[budget]);
      long d = -1;
      if (duration >= 0) {
        double v = number(text, starts[duration], ends[duration]);
        d = v >= 0 ? Math.round(v) : -1;
      }
      String why = reason >= 0 && reason < col ? string(text, starts[reason], ends[reason]) : "";
      long tries = attempts >= 0 && attempts < col ? Layout.digits(text, starts[attempts], ends[attempts]) : 0;
      String on = host >= 0 && host < col ? string(text, starts[host], ends[host]) : "";
      String jobId = job >= 0 && job < col ? string(text, starts[job], ends[job]) : "";
      return new Entry(id, completed, objectiveText, b, d, why, epochSecond(text, starts[time], ends[time]),
          (int) Math.max(0, Math.min(Integer.MAX_VALUE, tries)), on, jobId);
    }

    private static boolean equals(byte[] text, int from, int to, String word) {
      if (to - from != word.length()) {
        return false;
      }
      for (int i = 0; i < word.length(); i++) {
        if (text[from + i] != word.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private static String string(byte[] text, int from, int to) {
      return from == to ? "" : TrialFiles.display(new String(text, from, to - from, StandardCharsets.ISO_8859_1)).strip();
    }

    /** A number: whole numbers read by hand, others through Double.parseDouble; -1 when malformed. */
    private static double number(byte[] text, int from, int to) {
      long whole = Layout.digits(text, from, to);
      if (whole >= 0) {
        return whole;
      }
      try {
        double v = Double.parseDouble(string(text, from, to));
        return Double.isFinite(v) ? v : -1;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }

  /**
   * The time run.sh writes ({@code date -u +%Y-%m-%dT%H:%M:%SZ}), read by hand: {@code
   * Instant.parse} costs seconds over a ledger of 100,000 lines. Other forms go to Instant.parse;
   * -1 when the time does not parse.
   */
  static long epochSecond(byte[] s, int from, int to) {
    if (to - from == 20 && s[from + 4] == '-' && s[from + 7] == '-' && s[from + 10] == 'T' && s[from + 13] == ':'
        && s[from + 16] == ':' && s[from + 19] == 'Z') {
      long year = Layout.digits(s, from, from + 4);
      long month = Layout.digits(s, from + 5, from + 7);
      long day = Layout.digits(s, from + 8, from + 10);
      long hour = Layout.digits(s, from + 11, from + 13);
      long minute = Layout.digits(s, from + 14, from + 16);
      long second = Layout.digits(s, from + 17, from + 19);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month) && hour >= 0 && hour < 24
          && minute >= 0 && minute < 60 && second >= 0 && second < 61) {
        return epochDay(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
      }
    }
    try {
      return Instant.parse(new String(s, from, to - from, StandardCharsets.UTF_8).strip()).getEpochSecond();
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  /** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
  static long epochDay(long year, long month, long day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    long dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static long daysIn(long year, long month) {
    if (month == 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      return leap ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }
}
