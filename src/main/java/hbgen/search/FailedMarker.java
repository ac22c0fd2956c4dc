package hbgen.search;

import hbgen.trial.FailureKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code failed} marker run.sh writes when a trial's last attempt failed: lines {@code
 * time}, {@code kind} (a {@link FailureKind} label), {@code exit_code}, {@code reason}
 * (single-quoted, {@code ''} for a quote), {@code attempts}, then {@code last_log_lines: |} and the
 * log's tail indented by two spaces. Read by hand rather than as YAML: a log line may hold
 * anything. A marker without {@code kind:} (an older launcher) has kind {@code exit_code} when its
 * exit code is non-zero, else {@code other}.
 *
 * @param kind why it failed, machine-readable
 * @param exitCode the trainer's exit code in the last attempt, or -1 when unknown
 * @param reason why the attempt failed ("" when unknown)
 * @param attempts attempts made, or 0 when unknown
 * @param lastLogLines the tail of the trial's log
 */
public record FailedMarker(FailureKind kind, int exitCode, String reason, int attempts, List<String> lastLogLines) {
  public FailedMarker {
    if (kind == null) {
      throw new IllegalArgumentException("a failed marker has a kind");
    }
    reason = reason == null ? "" : reason;
    lastLogLines = List.copyOf(lastLogLines);
  }

  /** Parses the marker's text; fields that are missing or malformed read as unknown. */
  public static FailedMarker parse(String text) {
    String kind = null;
    int exit = -1;
    String reason = "";
    int attempts = 0;
    List<String> log = new ArrayList<>();
    boolean inLog = false;
    for (String line : text.split("\n", -1)) {
      if (inLog) {
        if (line.startsWith("  ") || line.isEmpty()) {
          log.add(line.length() >= 2 ? line.substring(2) : "");
          continue;
        }
        inLog = false;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      switch (key) {
        case "kind" -> kind = kind == null ? value : kind;
        case "exit_code" -> exit = integer(value);
        case "reason" -> reason = unquote(value);
        case "attempts" -> attempts = Math.max(0, integer(value));
        case "last_log_lines" -> inLog = true;
        default -> { }
      }
    }
    while (!log.isEmpty() && log.get(log.size() - 1).isBlank()) {
      log.remove(log.size() - 1);
    }
    FailureKind k = kind != null ? FailureKind.ofLabel(kind) : exit > 0 ? FailureKind.EXIT_CODE : FailureKind.OTHER;
    return new FailedMarker(k, exit, reason, attempts, log);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
      return v.substring(1, v.length() - 1).replace("''", "'");
    }
    return v;
  }

  private static int integer(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
