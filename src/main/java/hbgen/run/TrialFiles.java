package hbgen.run;

import hbgen.trial.Metrics;
import hbgen.trial.Outcome;
import hbgen.trial.ResultFormat;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files of one trial directory as promotion and best read them (under {@code hbgen run} and,
 * through {@code hbgen promote} and {@code hbgen finish}, under Snakemake): a trial with a
 * {@code failed} or {@code skipped} marker, or a missing, unreadable or unparseable result, or a
 * non-finite objective, has a NaN objective. The result is decoded as {@link ResultFormat#parse(byte[])}
 * says, the rule run.sh's check shares.
 */
public final class TrialFiles {
  /** The final result; its existence is what "finished" means. */
  public static final String RESULT = "result";

  private TrialFiles() {}

  /** Whether the trial has its result (completed, failed or skipped). */
  public static boolean finished(Path dir) {
    return Files.exists(dir.resolve(RESULT));
  }

  /** Whether the trial failed (it has the launcher's {@code failed} marker). */
  public static boolean failed(Path dir) {
    return Files.exists(dir.resolve("failed"));
  }

  /** The trial's outcome for promotion and best. */
  public static Outcome outcome(Path dir, TrialId id, double budget, String objective) {
    Optional<Metrics> metrics = metrics(dir);
    if (metrics.isEmpty()) {
      return Outcome.missing(id, budget);
    }
    try {
      String text = metrics.get().objectiveText(objective);
      // + 0.0 turns -0.0 into 0.0: Python compares them equal, Double.compare does not.
      double value = ResultFormat.number(text) + 0.0;
      return Double.isFinite(value) ? new Outcome(id, budget, value, text) : Outcome.missing(id, budget);
    } catch (IllegalArgumentException e) {
      return Outcome.missing(id, budget);
    }
  }

  /** The parsed result of a trial that neither failed nor was skipped, if it parses. */
  public static Optional<Metrics> metrics(Path dir) {
    if (failed(dir) || Files.exists(dir.resolve("skipped"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(ResultFormat.parse(Files.readAllBytes(dir.resolve(RESULT))));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A configuration file's text: strict UTF-8, CRLF and CR turned into LF. */
  public static String configText(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return text.indexOf('\r') < 0 ? text : text.replace("\r\n", "\n").replace('\r', '\n');
    } catch (CharacterCodingException e) {
      throw new IOException(file + ": not UTF-8 text", e);
    }
  }
}
