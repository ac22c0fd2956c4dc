package hbgen.search;

import hbgen.error.UsageError;
import hbgen.space.Case;
import hbgen.space.Distribution;
import hbgen.space.Parameter;
import hbgen.space.Space;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a search space file (SPEC section 7) into a {@link Space}; every error names the file,
 * line and column of the offending node.
 *
 * @param space the parsed space
 * @param slurm the optional {@code slurm:} section (cluster settings kept next to the sweep)
 * @param lsf the optional {@code lsf:} section (the bsub launcher's settings), read like {@code slurm:}
 * @param text the file's text, recorded in the manifest
 */
public record SpaceFile(Space space, Map<String, Object> slurm, Map<String, Object> lsf, String text) {
  private static final Set<String> TOP = Set.of("parameters", "fixed", "slurm", "lsf");

  /** Parses {@code text}, naming {@code path} in messages. */
  public static SpaceFile parse(String path, String text) {
    Node root = YamlFiles.compose(path, text);
    if (!(root instanceof MappingNode)) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark())
          + "expected a map with 'parameters' (and optionally 'fixed', 'slurm', 'lsf')");
    }
    YamlFiles.Values values = new YamlFiles.Values(path);
    List<Parameter> parameters = new ArrayList<>();
    Map<String, Object> fixed = new LinkedHashMap<>();
    Map<String, Object> slurm = new LinkedHashMap<>();
    Map<String, Object> lsf = new LinkedHashMap<>();
    Map<String, Mark> marks = new LinkedHashMap<>();
    boolean sawParameters = false;
    MappingNode top = mapping(path, root, "expected a map");
    for (NodeTuple t : top.getValue()) {
      String key = key(path, t.getKeyNode());
      Node v = t.getValueNode();
      switch (key) {
        case "parameters" -> {
          sawParameters = true;
          for (NodeTuple p : mapping(path, v, "'parameters' must be a map of parameter names").getValue()) {
            String name = key(path, p.getKeyNode());
            nameOnce(path, name, p.getKeyNode(), marks);
            parameters.add(parameter(path, name, p.getValueNode(), values, parameters));
          }
        }
        case "fixed" -> {
          for (NodeTuple p : mapping(path, v, "'fixed' must be a map of names to values").getValue()) {
            String name = key(path, p.getKeyNode());
            nameOnce(path, name, p.getKeyNode(), marks);
            Object value = values.value(p.getValueNode());
            if (value == null) {
              throw new UsageError(YamlFiles.at(path, p.getValueNode().getStartMark()) + "fixed." + name + " has no value");
            }
            fixed.put(name, normalize(value));
          }
        }
        case "slurm" -> {
          for (NodeTuple p : mapping(path, v, "'slurm' must be a map of settings").getValue()) {
            String name = key(path, p.getKeyNode());
            slurm.put(name, settingValue(path, "slurm", name, p.getValueNode(), values));
          }
        }
        case "lsf" -> {
          for (NodeTuple p : mapping(path, v, "'lsf' must be a map of settings").getValue()) {
            String name = key(path, p.getKeyNode());
            lsf.put(name, settingValue(path, "lsf", name, p.getValueNode(), values));
          }
        }
        default -> throw new UsageError(YamlFiles.at(path, t.getKeyNode().getStartMark())
            + "unknown section '" + key + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
      }
    }
    if (!sawParameters) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark()) + "the space has no 'parameters' section");
    }
    Space space;
    try {
      space = new Space(parameters, fixed);
    } catch (IllegalArgumentException e) {
      throw new UsageError(path + ": " + e.getMessage());
    }
    checkDottedKeys(path, space, marks);
    return new SpaceFile(space, slurm, lsf, text);
  }

  /** Records where a name is defined; a name defined in both 'parameters' and 'fixed' is refused. */
  private static void nameOnce(String path, String name, Node key, Map<String, Mark> marks) {
    if (marks.putIfAbsent(name, key.getStartMark()) != null) {
      throw new UsageError(YamlFiles.at(path, key.getStartMark()) + name + " is both a parameter and a fixed value");
    }
  }

  /** A {@code slurm:} or {@code lsf:} setting: one plain value, or for {@code extra} a list of them. */
  private static Object settingValue(String path, String section, String name, Node node, YamlFiles.Values values) {
    if (node instanceof SequenceNode seq && name.equals("extra")) {
      List<Object> out = new ArrayList<>();
      for (Node n : seq.getValue()) {
        out.add(settingValue(path, section, name + " item", n, values));
      }
      return out;
    }
    if (!(node instanceof ScalarNode scalar) || values.value(node) == null) {
      throw new UsageError(YamlFiles.at(path, node.getStartMark()) + section + "." + name
          + " must be a plain value such as " + (section.equals("lsf") ? "8000 or 24:00" : "4G or 01:00:00") + (name.equals("extra") ? " (or a list of them)" : ""));
    }
    // The text as written: YAML 1.1 would read 1:30:00 as the number 5400 (base 60), and Slurm and LSF want text.
    return scalar.getValue();
  }

  /**
   * Dotted names become nested maps; a name may not be both a value and a prefix. The error
   * points at the first name that clashes with one before it.
   */
  static void checkDottedKeys(String path, Space space, Map<String, Mark> marks) {
    Map<String, Object> all = new LinkedHashMap<>(space.fixed());
    space.parameters().forEach(p -> all.put(p.name(), 0));
    try {
      ConfigTree.nest(all);
    } catch (IllegalArgumentException e) {
      Map<String, Object> some = new LinkedHashMap<>();
      for (String name : all.keySet()) {
        some.put(name, 0);
        try {
          ConfigTree.nest(some);
        } catch (IllegalArgumentException clash) {
          throw new UsageError(YamlFiles.at(path, marks.get(name)) + clash.getMessage());
        }
      }
      throw new UsageError(path + ": " + e.getMessage());
    }
  }

  private static Parameter parameter(String path, String name, Node node, YamlFiles.Values values, List<Parameter> before) {
    List<Case> cases = new ArrayList<>();
    if (node instanceof SequenceNode seq) {
      if (seq.getValue().isEmpty()) {
        throw new UsageError(YamlFiles.at(path, node.getStartMark()) + "parameter " + name + " has an empty list of cases");
      }
      for (Node c : seq.getValue()) {
        cases.add(caseOf(path, name, c, values, before, true));
      }
    } else {
      cases.add(caseOf(path, name, node, values, before, false));
    }
    return new Parameter(name, cases);
  }

  private static Case caseOf(String path, String name, Node node, YamlFiles.Values values, List<Parameter> before, boolean inList) {
    MappingNode map = mapping(path, node, "parameter " + name + " must be a map like {uniform: [0, 1]}"
        + (inList ? " (with an optional 'when')" : " or a list of cases"));
    String kind = null;
    Node args = null;
    Node kindNode = null;
    Map<String, Node> extra = new LinkedHashMap<>();
    Map<String, List<Object>> when = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String k = key(path, t.getKeyNode());
      if (Distribution.kinds().contains(k)) {
        if (kind != null) {
          throw new UsageError(YamlFiles.at(path, t.getKeyNode().getStartMark())
              + "parameter " + name + " has two distributions ('" + kind + "' and '" + k + "')");
        }
        kind = k;
        args = t.getValueNode();
        kindNode = t.getKeyNode();
      } else if (k.equals("step") || k.equals("num")) {
        extra.put(k, t.getValueNode());
      } else if (k.equals("when")) {
        if (!inList) {
          throw new UsageError(YamlFiles.at(path, t.getKeyNode().getStartMark())
              + "parameter " + name + ": 'when' belongs in a list of cases, e.g. - {value: l2, when: {optimizer: sgd}}");
        }
        for (NodeTuple w : mapping(path, t.getValueNode(), "'when' must map earlier parameters to values").getValue()) {
          String ref = key(path, w.getKeyNode());
          Parameter named = before.stream().filter(p -> p.name().equals(ref)).findFirst().orElseThrow(() ->
              new UsageError(YamlFiles.at(path, w.getKeyNode().getStartMark()) + "parameter " + name
                  + ": 'when' refers to " + ref + ", which is not a parameter defined before it"));
          List<Node> nodes = w.getValueNode() instanceof SequenceNode seq ? seq.getValue() : List.of(w.getValueNode());
          List<Object> options = new ArrayList<>();
          for (Node n : nodes) {
            Object option = normalize(values.value(n));
            String never = Space.neverTaken(name, named, option);
            if (never != null) {
              throw new UsageError(YamlFiles.at(path, n.getStartMark()) + never);
            }
            options.add(option);
          }
          when.put(ref, options);
        }
      } else {
        throw new UsageError(YamlFiles.at(path, t.getKeyNode().getStartMark()) + "parameter " + name
            + ": unknown distribution '" + k + "' (expected one of " + String.join(", ", Distribution.kinds()) + ")");
      }
    }
    if (kind == null) {
      throw new UsageError(YamlFiles.at(path, node.getStartMark()) + "parameter " + name
          + " has no distribution (expected one of " + String.join(", ", Distribution.kinds()) + ")");
    }
    for (String e : extra.keySet()) {
      boolean ok = (e.equals("step") && kind.equals("int")) || (e.equals("num") && kind.equals("geomspace"));
      if (!ok) {
        throw new UsageError(YamlFiles.at(path, extra.get(e).getStartMark()) + "parameter " + name
            + ": '" + e + "' does not apply to " + kind);
      }
    }
    try {
      return new Case(distribution(path, name, kind, args, extra, values), when);
    } catch (IllegalArgumentException e) {
      throw new UsageError(YamlFiles.at(path, kindNode.getStartMark()) + "parameter " + name + ": " + e.getMessage());
    }
  }

  private static Distribution distribution(String path, String name, String kind, Node args, Map<String, Node> extra, YamlFiles.Values values) {
    Object exact = values.value(args);
    Object raw = normalize(exact);
    String where = YamlFiles.at(path, args.getStartMark()) + "parameter " + name + ": ";
    return switch (kind) {
      case "uniform" -> {
        double[] a = numbers(where, kind, raw, 2, "[low, high]");
        yield new Distribution.Uniform(a[0], a[1]);
      }
      case "loguniform" -> {
        double[] a = numbers(where, kind, raw, 2, "[low, high]");
        yield new Distribution.LogUniform(a[0], a[1]);
      }
      case "choice" -> {
        if (!(raw instanceof List<?> l) || l.isEmpty()) {
          throw new UsageError(where + "choice needs a non-empty list, e.g. {choice: [a, b]}");
        }
        for (Object o : l) {
          if (o == null) {
            throw new UsageError(where + "choice values must not be empty (null)");
          }
        }
        yield new Distribution.Choice(new ArrayList<>(l));
      }
      case "value" -> {
        if (raw == null) {
          throw new UsageError(where + "value needs a value, e.g. {value: l2}");
        }
        yield new Distribution.Value(raw);
      }
      case "int" -> {
        long[] a = integers(where, kind, exact, 2, "[low, high]");
        long step = extra.containsKey("step") ? integers(YamlFiles.at(path, extra.get("step").getStartMark())
            + "parameter " + name + ": ", "step", listOf(values.value(extra.get("step"))), 1, "an integer")[0] : 1;
        yield new Distribution.IntRange(a[0], a[1], step);
      }
      case "range" -> {
        if (!(raw instanceof List<?> l) || l.isEmpty() || l.size() > 3) {
          throw new UsageError(where + "range needs [stop], [start, stop] or [start, stop, step]");
        }
        long[] a = integers(where, kind, exact, l.size(), "[start, stop, step]");
        yield l.size() == 1 ? new Distribution.Range(0, a[0], 1)
            : new Distribution.Range(a[0], a[1], l.size() == 3 ? a[2] : 1);
      }
      case "geomspace" -> {
        double[] a = numbers(where, kind, raw, 2, "[start, stop]");
        long num = extra.containsKey("num") ? integers(YamlFiles.at(path, extra.get("num").getStartMark())
            + "parameter " + name + ": ", "num", listOf(values.value(extra.get("num"))), 1, "an integer")[0] : 50;
        if (num < 1 || num > Distribution.Geomspace.MAX_NUM) {
          throw new UsageError(YamlFiles.at(path, extra.get("num").getStartMark()) + "parameter " + name
              + ": geomspace num must be between 1 and " + Distribution.Geomspace.MAX_NUM + ", was " + num);
        }
        yield new Distribution.Geomspace(a[0], a[1], (int) num);
      }
      case "exponential" -> {
        Map<String, Object> m = params(where, kind, raw, Set.of("scale"), "{scale: 0.1}");
        yield new Distribution.Exponential(number(where, "exponential scale", m.get("scale")));
      }
      case "normal" -> {
        Map<String, Object> m = params(where, kind, raw, Set.of("mean", "sd"), "{mean: 0.9, sd: 0.02}");
        yield new Distribution.Normal(number(where, "normal mean", m.get("mean")), number(where, "normal sd", m.get("sd")));
      }
      default -> throw new IllegalStateException("unhandled distribution " + kind);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> params(String where, String kind, Object raw, Set<String> keys, String example) {
    if (!(raw instanceof Map<?, ?> m) || !m.keySet().equals(keys)) {
      throw new UsageError(where + kind + " needs exactly " + new java.util.TreeSet<>(keys) + ", e.g. {" + kind + ": " + example + "}");
    }
    return (Map<String, Object>) m;
  }

  private static double[] numbers(String where, String kind, Object raw, int n, String shape) {
    if (!(raw instanceof List<?> l) || l.size() != n) {
      throw new UsageError(where + kind + " needs a list " + shape);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = number(where, kind, l.get(i));
    }
    return out;
  }

  private static double number(String where, String what, Object o) {
    if (o instanceof Number x) {
      return x.doubleValue();
    }
    if (o instanceof String s) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        // fall through to the message below
      }
    }
    throw new UsageError(where + what + " expects numbers, got '" + o + "'");
  }

  private static long[] integers(String where, String kind, Object raw, int n, String shape) {
    if (!(raw instanceof List<?> l) || l.size() != n) {
      throw new UsageError(where + kind + " needs a list " + shape);
    }
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      Object v = l.get(i);
      if (v instanceof Integer || v instanceof Long) {
        out[i] = ((Number) v).longValue();
      } else if (v instanceof BigInteger b) {
        throw new UsageError(where + kind + " expects integers between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE
            + ", got " + b);
      } else {
        throw new UsageError(where + kind + " expects integers, got '" + v + "'");
      }
    }
    return out;
  }

  /** A one-element list, which may hold null (a YAML value left empty). */
  private static List<Object> listOf(Object value) {
    List<Object> out = new ArrayList<>();
    out.add(value);
    return out;
  }

  /** Integers become Long and floats Double, recursively, so that equal values compare equal. */
  static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof BigInteger b) {
      if (b.bitLength() < 64) {
        return b.longValue();
      }
      return b.doubleValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), normalize(x)));
      return out;
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant().toString();
    }
    if (v instanceof byte[]) {
      throw new IllegalArgumentException("binary values are not supported");
    }
    return v;
  }

  private static MappingNode mapping(String path, Node node, String expected) {
    if (node instanceof MappingNode m) {
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && !keys.add(k.getValue())) {
          throw new UsageError(YamlFiles.at(path, k.getStartMark()) + "duplicate key '" + k.getValue() + "'");
        }
      }
      return m;
    }
    throw new UsageError(YamlFiles.at(path, node.getStartMark()) + expected);
  }

  private static String key(String path, Node node) {
    if (node instanceof ScalarNode s && !s.getValue().isEmpty()) {
      return s.getValue();
    }
    throw new UsageError(YamlFiles.at(path, node.getStartMark()) + "expected a plain name as key");
  }
}
