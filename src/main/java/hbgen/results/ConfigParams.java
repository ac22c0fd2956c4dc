package hbgen.results;

import hbgen.search.YamlFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A trial's {@code config} file read as parameters: JSON (the default template) is read as JSON,
 * anything else as YAML with SnakeYAML's safe loader; nested maps are flattened with dots
 * ({@code model.layers}), the inverse of how the space's dotted names are nested. A config that is
 * neither (a user template may render any format) gives no parameters and a note.
 *
 * @param values parameter name to value (numbers as Long or Double), sorted by name
 * @param note why there are no parameters, or empty
 */
public record ConfigParams(Map<String, Object> values, String note) {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public ConfigParams {
    values = Collections.unmodifiableMap(new TreeMap<>(values));
  }

  /** No config file (yet). */
  public static ConfigParams none() {
    return new ConfigParams(Map.of(), "");
  }

  /** Parses a config file's text. */
  public static ConfigParams parse(String text) {
    Object tree;
    String t = text.strip();
    try {
      tree = t.startsWith("{") ? JSON.readValue(t, Object.class) : yaml().load(t);
    } catch (JsonProcessingException e) {
      return new ConfigParams(Map.of(), "config is not valid JSON: " + oneLine(e.getOriginalMessage()));
    } catch (YAMLException e) {
      return new ConfigParams(Map.of(), "config is neither JSON nor YAML: " + oneLine(e.getMessage()));
    }
    if (!(tree instanceof Map<?, ?> map)) {
      return new ConfigParams(Map.of(), "config is not a map of parameters");
    }
    Map<String, Object> flat = new TreeMap<>();
    flatten("", map, flat);
    return new ConfigParams(flat, "");
  }

  private static Yaml yaml() {
    return YamlFiles.safeYaml();
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) {
        flatten(key + ".", inner, out);
      } else {
        out.put(key, normalize(e.getValue()));
      }
    }
  }

  /** Integers as Long and decimals as Double, so values from JSON and YAML compare equal. */
  static Object normalize(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof BigInteger b) {
      return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
    }
    if (v instanceof Float || v instanceof BigDecimal) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalize(x)));
      return out;
    }
    if (v instanceof java.util.Date d) {
      return d.toInstant().toString();
    }
    if (v instanceof byte[]) {
      return "(binary)";
    }
    return v;
  }

  private static String oneLine(String s) {
    String one = s == null ? "" : s.replaceAll("\\s+", " ").strip();
    return one.length() <= 120 ? one : one.substring(0, 117) + "...";
  }
}
