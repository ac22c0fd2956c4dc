package hbgen.status;

import hbgen.render.Json;
import hbgen.render.Quoting;
import hbgen.trial.TrialSnapshot;
import hbgen.trial.TrialState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of {@code hbgen status}: a summary, then per bracket one line per stage (counts and a
 * grid of one symbol per slot, wrapped at {@value #GRID_WIDTH} symbols) and its top trials, then
 * hints and the legend.
 */
public final class StatusText {
  /** Symbols per grid line. */
  static final int GRID_WIDTH = 64;
  /** Stages with more slots than this show counts only, unless grids are asked for in full. */
  public static final long DEFAULT_GRID_LIMIT = 2000;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private StatusText() {}

  /**
   * How to render.
   *
   * @param top top trials shown per bracket
   * @param gridLimit largest stage drawn as a grid (0: no grids; Long.MAX_VALUE: all)
   * @param palette colours, or {@link Palette#NONE}
   */
  public record Options(int top, long gridLimit, Palette palette) {
    public Options {
      if (top < 0) {
        throw new IllegalArgumentException("top must be >= 0, was " + top);
      }
      if (gridLimit < 0) {
        throw new IllegalArgumentException("grid limit must be >= 0, was " + gridLimit);
      }
    }
  }

  /** Renders a status. */
  public static String render(SearchStatus s, Options o) {
    Palette p = o.palette();
    StringBuilder out = new StringBuilder();
    out.append(p.bold("Search " + s.name())).append(" (").append(s.strategy()).append(", ")
        .append(s.direction().label()).append(s.objective().isEmpty() ? " the result" : " " + s.objective())
        .append(") at ").append(TIME.format(s.time())).append('\n');
    Counts c = s.counts();
    out.append("Trials  ").append(trialsLine(c)).append('\n');
    out.append("Budget  ").append(amount(s.budgetSpent())).append('/').append(amount(s.budgetPlanned()))
        .append(" spent (").append(percent(s.budgetSpent(), s.budgetPlanned())).append(')');
    if (s.costHours()) {
      out.append("; cost ").append(amount(s.budgetSpent() * s.costUnit())).append('/')
          .append(amount(s.budgetPlanned() * s.costUnit())).append(" hours");
    } else if (s.costUnit() != 1.0) {
      out.append("; cost ").append(amount(s.budgetSpent() * s.costUnit())).append('/')
          .append(amount(s.budgetPlanned() * s.costUnit()));
    }
    out.append('\n');
    out.append("Best    ").append(s.best().map(t -> p.bold(objective(t.objective())) + "  " + t.path()
        + " (budget " + Json.budget(t.budget()) + ")").orElse("none yet")).append('\n');
    out.append("Left    ").append(left(s)).append('\n');

    List<Row> rows = new ArrayList<>();
    for (BracketStatus b : s.brackets()) {
      for (StageStatus st : b.stages()) {
        rows.add(new Row(String.format(Locale.ROOT, "  Stage %d  budget %s", st.stage().index(),
            Json.budget(st.stage().budget())), stageCounts(st)));
      }
    }
    int labelWidth = rows.stream().mapToInt(r -> r.label().length()).max().orElse(0) + 2;
    int countsWidth = rows.stream().mapToInt(r -> r.counts().length()).max().orElse(0) + 2;
    int row = 0;
    int iterations = s.iterations();
    for (BracketStatus b : s.brackets()) {
      String iteration = iterations > 1 ? " (iteration " + b.iteration() + ")" : "";
      out.append('\n').append(p.bold("Bracket " + b.index() + iteration)).append("  ").append(b.stagesComplete()).append('/')
          .append(b.stages().size()).append(" stages complete\n");
      for (StageStatus st : b.stages()) {
        Row r = rows.get(row++);
        out.append(pad(r.label(), labelWidth)).append(pad(r.counts(), countsWidth));
        grid(out, st, o, labelWidth + countsWidth);
        out.append('\n');
      }
      List<TrialSnapshot> top = b.top(o.top(), s.direction());
      int width = top.stream().mapToInt(t -> objective(t.objective()).length()).max().orElse(0);
      for (int i = 0; i < top.size(); i++) {
        TrialSnapshot t = top.get(i);
        out.append(i == 0 ? "  Top  " : "       ").append(pad(objective(t.objective()), width + 1)).append(' ')
            .append(t.path()).append(" (budget ").append(Json.budget(t.budget())).append(")\n");
      }
    }
    out.append('\n');
    hints(out, s, p);
    out.append(p.dim(legend(s.counts().get(TrialState.UNPROPOSED) > 0))).append('\n');
    return out.toString();
  }

  private record Row(String label, String counts) {}

  static String trialsLine(Counts c) {
    StringBuilder out = new StringBuilder();
    out.append(c.finished()).append('/').append(c.total()).append(" done");
    List<String> finished = new ArrayList<>();
    List<String> open = new ArrayList<>();
    for (TrialState st : TrialState.values()) {
      long n = c.get(st);
      if (n > 0) {
        (st.finished() ? finished : open).add(n + " " + words(st));
      }
    }
    if (!finished.isEmpty()) {
      out.append(" (").append(String.join(", ", finished)).append(')');
    }
    if (!open.isEmpty()) {
      out.append("; ").append(String.join(", ", open));
    }
    return out.toString();
  }

  /** A state in words, as the text output says it. */
  static String words(TrialState st) {
    return switch (st) {
      case UNVERIFIED -> "running (unverified)";
      case UNFILLED -> "not promoted yet";
      case UNPROPOSED -> "not proposed yet";
      default -> st.label();
    };
  }

  /** The symbols' legend; the state of unproposed slots only while a model-based search has some. */
  static String legend(boolean unproposed) {
    StringBuilder out = new StringBuilder();
    for (TrialState st : TrialState.values()) {
      if (st == TrialState.UNPROPOSED && !unproposed) {
        continue;
      }
      out.append(out.length() == 0 ? "" : "  ").append(Palette.symbol(st)).append(' ').append(words(st));
    }
    return out.toString();
  }

  private static String stageCounts(StageStatus st) {
    Counts c = st.counts();
    if (c.get(TrialState.UNFILLED) == c.total()) {
      return "not promoted yet";
    }
    StringBuilder out = new StringBuilder();
    out.append(c.finished()).append('/').append(c.total()).append(" done ");
    for (TrialState state : TrialState.values()) {
      if (c.get(state) > 0) {
        out.append(' ').append(Palette.symbol(state)).append(' ').append(c.get(state));
      }
    }
    return out.toString();
  }

  private static void grid(StringBuilder out, StageStatus st, Options o, int indent) {
    List<TrialSnapshot> trials = st.trials();
    if (trials.size() > o.gridLimit()) {
      if (o.gridLimit() > 0) {
        out.append(o.palette().dim("(" + trials.size() + " slots; --grid all draws them)"));
      }
      trimEnd(out);
      return;
    }
    StringBuilder symbols = new StringBuilder(trials.size());
    TrialState[] states = new TrialState[trials.size()];
    for (int i = 0; i < trials.size(); i++) {
      states[i] = trials.get(i).state();
      symbols.append(Palette.symbol(states[i]));
    }
    for (int from = 0; from < trials.size(); from += GRID_WIDTH) {
      if (from > 0) {
        out.append('\n').append(" ".repeat(indent));
      }
      out.append(o.palette().grid(symbols, states, from, Math.min(trials.size(), from + GRID_WIDTH)));
    }
  }

  private static void hints(StringBuilder out, SearchStatus s, Palette p) {
    Counts c = s.counts();
    String dir = shellWord(s.root());
    if (c.get(TrialState.FAILED) > 0) {
      out.append(p.state(TrialState.FAILED, "F")).append("  ").append(plural(c.get(TrialState.FAILED), "trial"))
          .append(" failed: 'hbgen status ").append(dir).append(" --failed' shows why and how to rerun them\n");
    }
    long x = c.get(TrialState.INTERRUPTED);
    if (x > 0) {
      out.append(p.state(TrialState.INTERRUPTED, "X")).append("  ").append(plural(x, "trial"))
          .append(x == 1 ? " was" : " were").append(" interrupted (started, but the launcher is gone and there is no"
              + " result); running the search again reruns ").append(x == 1 ? "it" : "them").append('\n');
    }
    long unverified = c.get(TrialState.UNVERIFIED);
    if (unverified > 0) {
      TrialSnapshot first = s.trials(TrialState.UNVERIFIED).get(0);
      out.append(p.state(TrialState.UNVERIFIED, "?")).append("  ").append(plural(unverified, "trial"))
          .append(" may still run, but this machine cannot check (first: ").append(first.path())
          .append(first.reason().isEmpty() ? "" : ": " + first.reason()).append(")\n");
    }
    for (String w : s.warnings()) {
      out.append(p.red("warning: ")).append(w).append('\n');
    }
  }

  private static String left(SearchStatus s) {
    if (s.finished()) {
      return "nothing: every trial has a result";
    }
    return s.estimate().map(e -> "~" + duration(e.secondsLeft()) + " at the observed rate ("
            + seconds(e.secondsPerUnit()) + " s per budget unit, " + oneDecimal(e.concurrency())
            + " trials at a time, from " + plural(e.observed(), "finished trial") + ")")
        .orElse("unknown until trials finish (the estimate uses the durations in results.tsv)");
  }

  /** Seconds as {@code H:MM:SS}, or {@code Nd HH:MM:SS} from a day on. */
  static String duration(double seconds) {
    long t = Math.round(Math.max(0, seconds));
    long d = t / 86_400;
    long h = t / 3600 % 24;
    long m = t / 60 % 60;
    long sec = t % 60;
    return d > 0 ? String.format(Locale.ROOT, "%dd %02d:%02d:%02d", d, h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec);
  }

  /** An objective for people: four decimals at most, scientific when very small or large. */
  static String objective(double v) {
    if (!Double.isFinite(v)) {
      return "nan";
    }
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e7)) {
      return String.format(Locale.ROOT, "%.4g", v);
    }
    return new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }

  /** A budget or cost total: two decimals at most. */
  static String amount(double v) {
    return new BigDecimal(v).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
  }

  private static String seconds(double v) {
    return v >= 10 ? Long.toString(Math.round(v)) : oneDecimal(v);
  }

  private static String oneDecimal(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String percent(double part, double whole) {
    return whole > 0 ? Math.round(100 * part / whole) + "%" : "0%";
  }

  static String plural(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** A path as a shell word: bare when it holds only safe characters, else single-quoted. */
  static String shellWord(String s) {
    return s.matches("[A-Za-z0-9_./@%+=:,-]+") ? s : Quoting.shell(s);
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
  }

  private static void trimEnd(StringBuilder out) {
    while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
      out.setLength(out.length() - 1);
    }
  }
}
