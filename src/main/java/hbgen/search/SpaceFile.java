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
 * @param text the file's text, recorded in the manifest
 */
public record SpaceFile(Space space, Map<String, Object> slurm, String text) {
  private static final Set<String> TOP = Set.of("parameters", "fixed", "slurm");

  /** Parses {@code text}, naming {@code path} in messages. */
  public static SpaceFile parse(String path, String text) {
    Node root = YamlFiles.compose(path, text);
    if (!(root instanceof MappingNode)) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark())
          + "expected a map with 'parameters' (and optionally 'fixed', 'slurm')");
    }
    YamlFiles.Values values = new YamlFiles.Values();
    List<Parameter> parameters = new ArrayList<>();
    Map<String, Object> fixed = new LinkedHashMap<>();
    Map<String, Object> slurm = new LinkedHashMap<>();
    boolean sawParameters = false;
    MappingNode top = mapping(path, root, "expected a map");
    for (NodeTuple t : top.getValue()) {
      String key = key(path, t.getKeyNode());
      Node v = t.getValueNode();
      switch (key) {
        case "parameters" -> {
          sawParameters = true;
          for (NodeTuple p : mapping(path, v, "'parameters' must be a map of parameter names").getValue()) {
            parameters.add(parameter(path, key(path, p.getKeyNode()), p.getValueNode(), values, parameters));
          }
        }
        case "fixed" -> {
          for (NodeTuple p : mapping(path, v, "'fixed' must be a map of names to values").getValue()) {
            String name = key(path, p.getKeyNode());
            Object value = values.value(p.getValueNode());
            if (value == null) {
              throw new UsageError(YamlFiles.at(path, p.getValueNode().getStartMark()) + "fixed." + name + " has no value");
            }
            fixed.put(name, normalize(value));
          }
        }
        case "slurm" -> {
          for (NodeTuple p : mapping(path, v, "'slurm' must be a map of settings").getValue()) {
            slurm.put(key(path, p.getKeyNode()), normalize(values.value(p.getValueNode())));
          }
        }
        default -> throw new UsageError(YamlFiles.at(path, t.getKeyNode().getStartMark())
            + "unknown section '" + key + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
      }
    }
    if (!sawParameters) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark()) + "the space has no 'parameters' section");
    }
    try {
      Space space = new Space(parameters, fixed);
      checkDottedKeys(space);
      return new SpaceFile(space, slurm, text);
    } catch (IllegalArgumentException e) {
      throw new UsageError(path + ": " + e.getMessage());
    }
  }

  /** Dotted names become nested maps; a name may not be both a value and a prefix. */
  static void checkDottedKeys(Space space) {
    Map<String, Object> all = new LinkedHashMap<>(space.fixed());
    space.parameters().forEach(p -> all.put(p.name(), 0));
    ConfigTree.nest(all);
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
          if (before.stream().noneMatch(p -> p.name().equals(ref))) {
            throw new UsageError(YamlFiles.at(path, w.getKeyNode().getStartMark()) + "parameter " + name
                + ": 'when' refers to " + ref + ", which is not a parameter defined before it");
          }
          Object v = values.value(w.getValueNode());
          List<Object> options = new ArrayList<>();
          if (v instanceof List<?> l) {
            l.forEach(x -> options.add(normalize(x)));
          } else {
            options.add(normalize(v));
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
    Object raw = normalize(values.value(args));
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
        long[] a = integers(where, kind, raw, 2, "[low, high]");
        long step = extra.containsKey("step") ? integers(YamlFiles.at(path, extra.get("step").getStartMark())
            + "parameter " + name + ": ", "step", List.of(normalize(values.value(extra.get("step")))), 1, "an integer")[0] : 1;
        yield new Distribution.IntRange(a[0], a[1], step);
      }
      case "range" -> {
        if (!(raw instanceof List<?> l) || l.isEmpty() || l.size() > 3) {
          throw new UsageError(where + "range needs [stop], [start, stop] or [start, stop, step]");
        }
        long[] a = integers(where, kind, raw, l.size(), "[start, stop, step]");
        yield l.size() == 1 ? new Distribution.Range(0, a[0], 1)
            : new Distribution.Range(a[0], a[1], l.size() == 3 ? a[2] : 1);
      }
      case "geomspace" -> {
        double[] a = numbers(where, kind, raw, 2, "[start, stop]");
        int num = extra.containsKey("num") ? (int) integers(YamlFiles.at(path, extra.get("num").getStartMark())
            + "parameter " + name + ": ", "num", List.of(normalize(values.value(extra.get("num")))), 1, "an integer")[0] : 50;
        yield new Distribution.Geomspace(a[0], a[1], num);
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
      if (!(l.get(i) instanceof Long v)) {
        throw new UsageError(where + kind + " expects integers, got '" + l.get(i) + "'");
      }
      out[i] = v;
    }
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
