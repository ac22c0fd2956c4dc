package hbgen.search;

import hbgen.error.UsageError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Safe YAML in and out: SafeConstructor only, duplicate keys refused, few aliases (no "billion
 * laughs"), bounded nesting and size; errors as {@code path:line:col: message}. Floats are written
 * in the form PyYAML also reads as floats.
 */
public final class YamlFiles {
  private YamlFiles() {}

  static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setAllowDuplicateKeys(false);
    o.setMaxAliasesForCollections(20);
    o.setAllowRecursiveKeys(false);
    o.setNestingDepthLimit(50);
    o.setCodePointLimit(10 * 1024 * 1024);
    return o;
  }

  /** A loader of plain values with the same safety limits, for readers outside this package. */
  public static Yaml safeYaml() {
    return new Yaml(new SafeConstructor(loaderOptions()));
  }

  /** A constructor that can turn any node into plain Java values. */
  static final class Values extends SafeConstructor {
    Values() {
      super(loaderOptions());
    }

    Object value(Node node) {
      return constructObject(node);
    }
  }

  /** Composes a document into nodes (with marks), reporting syntax errors with the file's path. */
  static Node compose(String path, String text) {
    try {
      Node node = new Yaml(new SafeConstructor(loaderOptions()), new Representer(new DumperOptions()),
          new DumperOptions(), loaderOptions()).compose(new java.io.StringReader(text));
      if (node == null) {
        throw new UsageError(path + ": the file is empty");
      }
      return node;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new UsageError(at(path, m) + "invalid YAML: " + oneLine(problem), e);
    } catch (YAMLException e) {
      throw new UsageError(path + ": invalid YAML: " + oneLine(e.getMessage()), e);
    }
  }

  /** Loads a document as plain maps, lists and scalars. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> loadMap(String path, String text) {
    Node node = compose(path, text);
    Object value;
    try {
      value = new Values().value(node);
    } catch (YAMLException e) {
      throw new UsageError(path + ": invalid YAML: " + oneLine(e.getMessage()), e);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new UsageError(at(path, node.getStartMark()) + "expected a map at the top level");
    }
    return (Map<String, Object>) map;
  }

  /** {@code path:line:col: } for a mark (1-based). */
  static String at(String path, Mark mark) {
    if (mark == null) {
      return path + ": ";
    }
    return path + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1) + ": ";
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").strip();
  }

  /** Block-style YAML with floats PyYAML reads as floats. */
  public static String dump(Map<String, Object> data) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(120);
    o.setSplitLines(false);
    o.setIndicatorIndent(2);
    o.setIndentWithIndicator(true);
    Representer r = new FloatRepresenter(o);
    return new Yaml(r, o).dump(new LinkedHashMap<>(data));
  }

  /** Represents doubles as {@code 1.0e-05} (PyYAML reads {@code 1.0E-5} as a string). */
  static final class FloatRepresenter extends Representer {
    FloatRepresenter(DumperOptions o) {
      super(o);
      Represent floats = data -> representScalar(Tag.FLOAT, floatText(((Number) data).doubleValue()));
      this.representers.put(Double.class, floats);
      this.representers.put(Float.class, floats);
    }

    private static String floatText(double d) {
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      return hbgen.render.Json.number(d);
    }
  }
}
