package hbgen.search;

import hbgen.error.UsageError;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Refuses what SnakeYAML's alias limit lets through: a collection that contains itself through an
 * alias ({@code a: &a [*a]}, which every reader would follow forever) and a few aliases nested so
 * that the document expands to millions of values (a small "billion laughs").
 */
final class AliasCheck {
  /** Most values a document may expand to once aliases are followed. */
  static final long MAX_VALUES = 1_000_000;

  private final String path;
  private final Map<Node, Long> sizes = new IdentityHashMap<>();
  private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());

  private AliasCheck(String path) {
    this.path = path;
  }

  /** Fails with {@code path:line:col:} when {@code root} is recursive or expands too far. */
  static void check(String path, Node root) {
    AliasCheck c = new AliasCheck(path);
    long values = c.size(root);
    if (values > MAX_VALUES && c.sizes.size() < values) {
      throw new UsageError(YamlFiles.at(path, root.getStartMark()) + "invalid YAML: its aliases expand it to more than "
          + MAX_VALUES + " values");
    }
  }

  /** The number of values under {@code node}, aliases followed, saturating far above the limit. */
  private long size(Node node) {
    Long known = sizes.get(node);
    if (known != null) {
      return known;
    }
    if (!open.add(node)) {
      throw new UsageError(YamlFiles.at(path, node.getStartMark())
          + "invalid YAML: an alias refers to a collection that contains it (a recursive structure)");
    }
    long n = 1;
    if (node instanceof SequenceNode s) {
      for (Node child : s.getValue()) {
        n = Math.min(Long.MAX_VALUE / 4, n + size(child));
      }
    } else if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        n = Math.min(Long.MAX_VALUE / 4, n + size(t.getKeyNode()) + size(t.getValueNode()));
      }
    }
    open.remove(node);
    sizes.put(node, n);
    return n;
  }
}
