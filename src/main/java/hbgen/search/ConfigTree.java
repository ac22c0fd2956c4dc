package hbgen.search;

import java.util.Map;
import java.util.TreeMap;

/** Turns dotted names ({@code model.layers: 2}) into nested maps with sorted keys. */
public final class ConfigTree {
  private ConfigTree() {}

  private static Object copy(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new TreeMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
      return out;
    }
    if (v instanceof java.util.List<?> l) {
      return l.stream().map(ConfigTree::copy).toList();
    }
    return v;
  }

  /** Nests the flat map; a name that is both a value and a prefix of another name is an error. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> nest(Map<String, ?> flat) {
    Map<String, Object> root = new TreeMap<>();
    for (Map.Entry<String, ?> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.", -1);
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.isEmpty()) {
          throw new IllegalArgumentException("name '" + e.getKey() + "' has an empty part between dots");
        }
        if (i == parts.length - 1) {
          if (node.containsKey(part)) {
            throw new IllegalArgumentException("'" + e.getKey() + "' clashes with another name that nests under it");
          }
          node.put(part, copy(e.getValue()));
        } else {
          Object next = node.computeIfAbsent(part, k -> new TreeMap<String, Object>());
          if (!(next instanceof Map)) {
            throw new IllegalArgumentException("'" + e.getKey() + "' nests under '" + part + "', which is a value");
          }
          node = (Map<String, Object>) next;
        }
      }
    }
    return root;
  }
}
