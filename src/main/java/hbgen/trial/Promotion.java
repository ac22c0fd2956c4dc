package hbgen.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Successive halving's promotion rule: rank a stage's trials by objective in the search's
 * direction, failed trials (NaN) last, ties by configuration index; promote the first {@code
 * slots} usable ones. Fewer usable trials than slots promotes what exists and records the
 * shortfall (never a failed trial).
 *
 * @param ranking every trial of the stage, best first
 * @param promoted the trials promoted, in slot order (slot k gets element k)
 * @param slots the next stage's number of slots
 */
public record Promotion(List<Outcome> ranking, List<Outcome> promoted, long slots) {
  public Promotion {
    ranking = List.copyOf(ranking);
    promoted = List.copyOf(promoted);
    if (promoted.size() > slots) {
      throw new IllegalArgumentException("promoted " + promoted.size() + " into " + slots + " slots");
    }
  }

  /** Slots left empty because too few trials finished. */
  public long shortfall() {
    return slots - promoted.size();
  }

  /** The order of the rule: objective (NaN last), then configuration index. */
  public static Comparator<Outcome> order(Direction direction) {
    return (a, b) -> {
      int c = direction.compare(a.objective(), b.objective());
      return c != 0 ? c : a.id().compareTo(b.id());
    };
  }

  /** Applies the rule to the outcomes of one stage. */
  public static Promotion of(List<Outcome> stage, long slots, Direction direction) {
    if (slots < 0) {
      throw new IllegalArgumentException("slots must be >= 0, was " + slots);
    }
    List<Outcome> ranking = new ArrayList<>(stage);
    ranking.sort(order(direction));
    List<Outcome> promoted = new ArrayList<>();
    for (Outcome o : ranking) {
      if (promoted.size() == slots || !o.usable()) {
        break;
      }
      promoted.add(o);
    }
    return new Promotion(ranking, promoted, slots);
  }
}
