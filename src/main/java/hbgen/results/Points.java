package hbgen.results;

import hbgen.trial.Best;
import hbgen.trial.Direction;
import hbgen.trial.Incumbent;
import hbgen.trial.Outcome;
import hbgen.trial.TrialId;
import hbgen.trial.TrialState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;

/**
 * Trials that trained the same configuration at the same budget, grouped into points: a grid
 * search with {@code --trials 3} writes each point three times with different seeds, and a
 * configuration drawn twice by a random search is one point too. A configuration is its config
 * file's values without {@link #SEED}; a trial whose config gave no other values (an unreadable
 * config) is a point of its own.
 *
 * <p>Failed trials belong to their point but are not averaged: {@link Point#failed()} counts them
 * and {@link Point#count()} counts only the values in the mean. Unfinished trials, and completed ones
 * without a finite value of the metric, are not members. Ranking points by their mean uses the one
 * rule of the incumbent ({@link Best}), each point standing as its first trial in plan order.
 */
public final class Points {
  /** The config key that only seeds a trial, so it does not tell configurations apart. */
  public static final String SEED = "seed";

  private Points() {}

  /**
   * One finished trial as a point sees it.
   *
   * @param id the trial
   * @param budget its budget
   * @param params its configuration's values, flattened (with or without the seed)
   * @param failed whether it failed (then {@code value} is NaN)
   * @param value the metric, finite unless it failed
   */
  public record Member(TrialId id, double budget, Map<String, Object> params, boolean failed, double value) {
    public Member {
      if (id == null || params == null) {
        throw new IllegalArgumentException("a member needs a trial id and params");
      }
      if (!(budget > 0) || Double.isInfinite(budget)) {
        throw new IllegalArgumentException("budget of " + id.path() + " must be a positive number, was " + budget);
      }
      if (failed != Double.isNaN(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(id.path() + ": a failed member has no value and a completed one a finite "
            + "value, was failed=" + failed + " value=" + value);
      }
      params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The values that identify its configuration: its params without the seed. */
    public Map<String, Object> configuration() {
      Map<String, Object> out = new TreeMap<>(params);
      out.remove(SEED);
      return Collections.unmodifiableMap(out);
    }
  }

  /**
   * One configuration at one budget and the trials that trained it, in plan order.
   *
   * @param budget the budget
   * @param params the configuration (values without the seed), sorted
   * @param members its finished trials, completed and failed, in plan order
   */
  public record Point(double budget, Map<String, Object> params, List<Member> members) {
    public Point {
      params = Collections.unmodifiableMap(new TreeMap<>(params));
      members = List.copyOf(members);
      if (members.isEmpty()) {
        throw new IllegalArgumentException("a point needs at least one trial");
      }
      for (Member m : members) {
        if (m.budget() != budget) {
          throw new IllegalArgumentException(m.id().path() + " has budget " + m.budget() + ", its point " + budget);
        }
        if (!params.isEmpty() && !m.configuration().equals(params)) {
          throw new IllegalArgumentException(m.id().path() + " has configuration " + m.configuration()
              + ", its point " + params);
        }
      }
      if (params.isEmpty() && members.size() > 1) {
        throw new IllegalArgumentException("trials without parameters are points of their own, got " + members.size());
      }
    }

    /** The trials whose values are averaged. */
    public List<Member> completed() {
      return members.stream().filter(m -> !m.failed()).toList();
    }

    /** The failed trials, counted but not averaged. */
    public int failed() {
      return members.size() - count();
    }

    /** How many values the mean is over. */
    public int count() {
      return completed().size();
    }

    /** The mean of the values, NaN when every trial failed. */
    public double mean() {
      return count() == 0 ? Double.NaN : stats().getMean();
    }

    /** The sample standard deviation (n - 1), NaN below two values. */
    public double sd() {
      return count() < 2 ? Double.NaN : stats().getStandardDeviation();
    }

    /** The point as {@link Best} ranks it: its first trial, budget and mean. */
    public Outcome outcome() {
      double mean = mean();
      return new Outcome(members.get(0).id(), budget, mean, Double.toString(mean));
    }

    private DescriptiveStatistics stats() {
      return new DescriptiveStatistics(completed().stream().mapToDouble(Member::value).toArray());
    }
  }

  /** The points of {@code members}, in the plan order of their first trial. */
  public static List<Point> group(List<Member> members) {
    Map<List<Object>, List<Member>> byKey = new LinkedHashMap<>();
    for (Member m : members) {
      Map<String, Object> conf = m.configuration();
      List<Object> key = conf.isEmpty() ? List.of(m.budget(), m.id()) : List.of(m.budget(), conf);
      byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
    }
    List<Point> out = new ArrayList<>();
    byKey.values().forEach(ms -> out.add(new Point(ms.get(0).budget(), ms.get(0).configuration(), ms)));
    return out;
  }

  /**
   * The points of a search's trials under {@code metric} (NaN: no usable value): completed trials
   * with a finite value and failed trials; the others are not members.
   */
  public static List<Point> of(List<Trial> trials, ToDoubleFunction<Trial> metric) {
    List<Member> members = new ArrayList<>();
    for (Trial t : trials) {
      if (t.state() == TrialState.FAILED) {
        members.add(new Member(t.id(), t.budget(), t.params().values(), true, Double.NaN));
      } else if (t.state() == TrialState.COMPLETED) {
        double v = metric.applyAsDouble(t);
        if (Double.isFinite(v)) {
          members.add(new Member(t.id(), t.budget(), t.params().values(), false, v));
        }
      }
    }
    return group(members);
  }

  /** The best point by mean under the incumbent {@code rule}; empty when no point has a value. */
  public static Optional<Point> best(List<Point> points, Direction direction, Incumbent rule) {
    Map<TrialId, Point> byFirst = new LinkedHashMap<>();
    points.forEach(p -> byFirst.put(p.members().get(0).id(), p));
    return Best.of(points.stream().map(Point::outcome).toList(), direction, rule).map(o -> byFirst.get(o.id()));
  }

  /** The points best first: mean, then larger budget, then first trial; points without a value last. */
  public static List<Point> ranked(List<Point> points, Direction direction) {
    List<Point> out = new ArrayList<>(points);
    out.sort((a, b) -> Best.order(direction).compare(a.outcome(), b.outcome()));
    return out;
  }
}
