package hbgen.search;

import hbgen.error.UsageError;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

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

  /**
   * A loader of plain values with the same safety limits, for readers outside this package; a
   * value it cannot construct fails as a {@link YAMLException}, like a syntax error.
   */
  public static Yaml safeYaml() {
    return new Yaml(new Values("(yaml)"));
  }

  /**
   * A constructor that can turn any node into plain Java values. A value its tag does not allow
   * ({@code !!int x}, {@code !!timestamp abc}, {@code !!map [1]}) fails with its position instead
   * of the NumberFormatException or ClassCastException SnakeYAML lets through.
   */
  static final class Values extends SafeConstructor {
    private final String path;

    Values(String path) {
      super(loaderOptions());
      this.path = path;
    }

    /** The node's value; a value that cannot be built fails as {@code path:line:col: invalid YAML: ...}. */
    Object value(Node node) {
      try {
        return constructObject(node);
      } catch (MarkedYAMLException e) {
        throw new UsageError(at(path, e.getProblemMark()) + "invalid YAML: " + oneLine(e.getProblem()), e);
      } catch (YAMLException e) {
        throw new UsageError(at(path, node.getStartMark()) + "invalid YAML: " + oneLine(e.getMessage()), e);
      }
    }

    @Override protected Object constructObject(Node node) {
      try {
        return super.constructObject(node);
      } catch (YAMLException e) {
        throw e;
      } catch (RuntimeException e) {
        String tag = node.getTag().getValue().replace(Tag.PREFIX, "!!");
        String problem = node instanceof org.yaml.snakeyaml.nodes.ScalarNode s
            ? "'" + s.getValue() + "' is not a valid " + tag + " (" + oneLine(String.valueOf(e.getMessage())) + ")"
            : "a " + (node instanceof org.yaml.snakeyaml.nodes.SequenceNode ? "list" : "map") + " cannot be a " + tag;
        throw new BadValue(problem, node.getStartMark());
      }
    }
  }

  /** A value its tag does not allow, at its position. */
  static final class BadValue extends MarkedYAMLException {
    private static final long serialVersionUID = 1L;

    BadValue(String problem, Mark mark) {
      super(null, null, problem, mark);
    }
  }

  /** Composes a document into nodes (with marks), reporting syntax errors with the file's path. */
  static Node compose(String path, String text) {
    TrackingParser parser = new TrackingParser(new ParserImpl(new StreamReader(text), loaderOptions()));
    try {
      Node node = new Composer(parser, new Resolver(), loaderOptions()).getSingleNode();
      if (node == null) {
        throw new UsageError(path + ": the file is empty");
      }
      AliasCheck.check(path, node);
      return node;
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new UsageError(at(path, m) + "invalid YAML: " + oneLine(problem), e);
    } catch (ReaderException e) {
      // A character YAML does not allow (NUL, most control characters): its position is in code points.
      throw new UsageError(at(path, text, e.getPosition()) + "invalid YAML: " + oneLine(e.getMessage())
          + String.format(" (U+%04X)", e.getCodePoint()), e);
    } catch (YAMLException e) {
      // Limits (nesting depth, aliases, size) come without a position: use the parser's.
      throw new UsageError(at(path, parser.last) + "invalid YAML: " + oneLine(e.getMessage()), e);
    }
  }

  /** {@code path:line:col: } for a position counted in code points from the start of {@code text}. */
  static String at(String path, String text, int codePoints) {
    int line = 1;
    int column = 1;
    int offset = 0;
    for (int i = 0; i < codePoints && offset < text.length(); i++) {
      int c = text.codePointAt(offset);
      offset += Character.charCount(c);
      if (c == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return path + ":" + line + ":" + column + ": ";
  }

  /** A parser that remembers the position of the last event it handed out or looked at. */
  private static final class TrackingParser implements Parser {
    private final Parser inner;
    private Mark last;

    TrackingParser(Parser inner) {
      this.inner = inner;
    }

    private Event remember(Event e) {
      if (e != null) {
        last = e.getStartMark();
      }
      return e;
    }

    @Override public boolean checkEvent(Event.ID choice) {
      Event e = peekEvent();
      return e != null && e.is(choice);
    }

    @Override public Event peekEvent() {
      return remember(inner.peekEvent());
    }

    @Override public Event getEvent() {
      return remember(inner.getEvent());
    }
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
