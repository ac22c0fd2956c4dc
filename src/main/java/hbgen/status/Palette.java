package hbgen.status;

import hbgen.trial.TrialState;

/**
 * ANSI colours for status text, or none at all. Whether to colour is the command's decision (a
 * terminal, no {@code NO_COLOR}, see https://no-color.org); this only paints.
 *
 * @param enabled whether to emit escape sequences
 */
public record Palette(boolean enabled) {
  /** No colour. */
  public static final Palette NONE = new Palette(false);

  private static final String RESET = "\u001b[0m";

  /** The symbol status draws for a state in its grids and legend. */
  public static char symbol(TrialState state) {
    return switch (state) {
      case COMPLETED -> 'C';
      case FAILED -> 'F';
      case SKIPPED -> 'S';
      case RUNNING -> 'R';
      case UNVERIFIED -> '?';
      case INTERRUPTED -> 'X';
      case PENDING -> '.';
      case UNPROPOSED -> '~';
      case UNFILLED -> '_';
    };
  }

  /** Text in the colour of a trial state. */
  public String state(TrialState state, String text) {
    return paint(code(state), text);
  }

  /** Bold text, for names and headings. */
  public String bold(String text) {
    return paint("1", text);
  }

  /** Dim text, for hints. */
  public String dim(String text) {
    return paint("2", text);
  }

  /** Red text, for warnings. */
  public String red(String text) {
    return paint("31", text);
  }

  /**
   * A grid of symbols, coloured one run of equal states at a time (one escape per run, not per
   * symbol: grids hold thousands).
   */
  public String grid(CharSequence symbols, TrialState[] states, int from, int to) {
    if (!enabled) {
      return symbols.subSequence(from, to).toString();
    }
    StringBuilder out = new StringBuilder();
    int i = from;
    while (i < to) {
      int j = i;
      while (j < to && states[j] == states[i]) {
        j++;
      }
      out.append(state(states[i], symbols.subSequence(i, j).toString()));
      i = j;
    }
    return out.toString();
  }

  private static String code(TrialState state) {
    return switch (state) {
      case COMPLETED -> "32";
      case FAILED -> "31";
      case SKIPPED -> "2";
      case RUNNING -> "36";
      case UNVERIFIED -> "33";
      case INTERRUPTED -> "1;35";
      case PENDING -> "";
      case UNPROPOSED -> "2";
      case UNFILLED -> "2";
    };
  }

  private String paint(String code, String text) {
    return !enabled || code.isEmpty() || text.isEmpty() ? text : "\u001b[" + code + "m" + text + RESET;
  }
}
