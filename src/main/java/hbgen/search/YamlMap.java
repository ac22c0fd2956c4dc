package hbgen.search;

import hbgen.error.UsageError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML map read with the position of every value, for files hbgen writes and reads back (the
 * manifest): a missing or mistyped field fails as {@code path:line:col: FIELD must be ..., was
 * ...}, never as a cast error deep inside a reader.
 *
 * @param path the file, as messages show it
 * @param field the map's own name in messages: empty at the top, else e.g. {@code plan.brackets[0]}
 * @param node the map
 */
public record YamlMap(String path, String field, MappingNode node) {
  /** The document's top-level map. */
  public static YamlMap top(String path, Node root) {
    if (!(root instanceof MappingNode m)) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark()) + "expected a map at the top level");
    }
    return new YamlMap(path, "", m);
  }

  /** Parses {@code text}, which must hold a map, naming {@code path} in messages. */
  public static YamlMap parse(String path, String text) {
    return top(path, YamlFiles.compose(path, text));
  }

  /** Where this map starts, as {@code path:line:col: }. */
  public String at() {
    return YamlFiles.at(path, node.getStartMark());
  }

  private String name(String key) {
    return field.isEmpty() ? key : field + "." + key;
  }

  /** The value node of {@code key}, or null when the key is absent. */
  public Node find(String key) {
    for (NodeTuple t : node.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
        return t.getValueNode();
      }
    }
    return null;
  }

  private Node require(String key) {
    Node v = find(key);
    if (v == null || v instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
      throw new UsageError(at() + name(key) + " is missing");
    }
    return v;
  }

  private UsageError wrong(String key, Node v, String expected) {
    return wrong(name(key), v.getStartMark(), v, expected);
  }

  private UsageError wrong(String what, Mark mark, Node v, String expected) {
    String was = v instanceof ScalarNode s ? "'" + s.getValue() + "'" : v instanceof SequenceNode ? "a list" : "a map";
    return new UsageError(YamlFiles.at(path, mark) + what + " must be " + expected + ", was " + was);
  }

  /** The map under {@code key}. */
  public YamlMap map(String key) {
    Node v = require(key);
    if (!(v instanceof MappingNode m)) {
      throw wrong(key, v, "a map");
    }
    return new YamlMap(path, name(key), m);
  }

  /** The maps in the list under {@code key}. */
  public List<YamlMap> maps(String key) {
    Node v = require(key);
    if (!(v instanceof SequenceNode seq)) {
      throw wrong(key, v, "a list of maps");
    }
    List<YamlMap> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String itemName = name(key) + "[" + i + "]";
      if (!(item instanceof MappingNode m)) {
        throw wrong(itemName, item.getStartMark(), item, "a map");
      }
      out.add(new YamlMap(path, itemName, m));
    }
    return out;
  }

  /** The plain values in the list under {@code key}, as text. */
  public List<String> texts(String key) {
    Node v = require(key);
    if (!(v instanceof SequenceNode seq)) {
      throw wrong(key, v, "a list of plain values");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      if (!(item instanceof ScalarNode s)) {
        throw wrong(name(key) + "[" + i + "]", item.getStartMark(), item, "a plain value");
      }
      out.add(s.getValue());
    }
    return out;
  }

  /** The plain value under {@code key}, as text. */
  public String text(String key) {
    Node v = require(key);
    if (!(v instanceof ScalarNode s)) {
      throw wrong(key, v, "a plain value");
    }
    return s.getValue();
  }

  /** The plain value under {@code key} as text, or {@code fallback} when it is absent or null. */
  public String text(String key, String fallback) {
    Node v = find(key);
    if (v == null || v instanceof ScalarNode s && s.getTag().getValue().endsWith(":null")) {
      return fallback;
    }
    return text(key);
  }

  /** The whole number under {@code key}, between {@code min} and {@code max}. */
  public long whole(String key, long min, long max) {
    Node v = require(key);
    Object value = v instanceof ScalarNode ? new YamlFiles.Values(path).value(v) : null;
    BigInteger n = value instanceof Integer || value instanceof Long ? BigInteger.valueOf(((Number) value).longValue())
        : value instanceof BigInteger b ? b : null;
    if (n == null || n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw wrong(key, v, "a whole number from " + min + " to " + max);
    }
    return n.longValue();
  }

  /**
   * The number under {@code key}, a YAML number or a string holding one (budgets are written as
   * strings, {@code '2.5'}), finite and at least {@code min}.
   */
  public double number(String key, double min) {
    Node v = require(key);
    double d = Double.NaN;
    if (v instanceof ScalarNode s) {
      Object value = new YamlFiles.Values(path).value(v);
      if (value instanceof Number x) {
        d = x.doubleValue();
      } else {
        try {
          d = Double.parseDouble(s.getValue().strip());
        } catch (NumberFormatException e) {
          d = Double.NaN;
        }
      }
    }
    if (!Double.isFinite(d) || d < min) {
      throw wrong(key, v, "a number >= " + hbgen.render.Json.budget(min));
    }
    return d;
  }
}
