package hbgen.search;

import hbgen.error.RuntimeFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one reader of a batch's proposal record, {@code bracket-I/stage-0/proposal-K.yaml}: for each
 * proposed stage-0 configuration, its parameters and whether BOHB's model or the prior drew it
 * ({@code from: model|prior}).
 *
 * @param proposals by configuration number
 */
public record ProposalRecord(Map<Long, Proposal> proposals) {
  public ProposalRecord {
    proposals = Collections.unmodifiableMap(new TreeMap<>(proposals));
  }

  /**
   * One proposed configuration.
   *
   * @param params its parameters as the proposal wrote them
   * @param fromModel whether the model proposed it ({@code from: model}) rather than the prior
   */
  public record Proposal(Map<String, Object> params, boolean fromModel) {}

  /** Reads a proposal record; fails with one line naming the file when it cannot be read. */
  @SuppressWarnings("unchecked")
  public static ProposalRecord read(Path file) {
    Object data;
    try {
      data = YamlFiles.safeYaml().load(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new RuntimeFailure(file + ": cannot read the proposal: " + e.getMessage(), e);
    }
    Map<Long, Proposal> out = new TreeMap<>();
    Object list = data instanceof Map<?, ?> m ? m.get("proposals") : null;
    if (list instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> m && m.get("trial") instanceof String trial && m.get("params") instanceof Map<?, ?> p) {
          out.put(Layout.parseTrial(trial).config(), new Proposal((Map<String, Object>) p, "model".equals(m.get("from"))));
        }
      }
    }
    return new ProposalRecord(out);
  }
}
