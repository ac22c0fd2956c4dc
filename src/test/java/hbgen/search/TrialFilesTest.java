package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.trial.FailureKind;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TrialFilesTest {
  private static final TrialId ID = new TrialId(0, 1, 3);

  @TempDir Path root;

  private Path dir() throws IOException {
    return Files.createDirectories(new Layout(root).trialDir(ID));
  }

  private TrialRecord read() {
    return TrialFiles.read(new Layout(root), ID, true);
  }

  private TrialRecord.Result result(byte[] bytes) throws IOException {
    Files.write(dir().resolve(Layout.RESULT), bytes);
    return read().result();
  }

  @Test
  void a_missing_directory_is_a_record_without_markers() {
    TrialRecord r = read();
    assertThat(r.dir()).isEqualTo(TrialRecord.Dir.MISSING);
    assertThat(r.markers()).isEqualTo(TrialRecord.Markers.NONE);
  }

  @Test
  void every_marker_is_read_into_the_record() throws IOException {
    Path d = dir();
    Files.writeString(d.resolve("config"), "lr: 0.1\n");
    Files.writeString(d.resolve("promoted-from"), "bracket-0/stage-0/config-7\n");
    Files.writeString(d.resolve("started"), "time: 2026-11-23T04:40:54Z\nhost: node1\npid: 4242\nslurm_job_id: \nattempt: 2\n");
    Files.writeString(d.resolve("failed"), "time: x\nkind: timeout\nexit_code: 0\nreason: 'timeout'\nattempts: 2\n");
    Files.writeString(d.resolve("result"), "nan\n");

    TrialRecord r = read();
    assertThat(r.configText()).isEqualTo("lr: 0.1\n");
    assertThat(r.promotedFrom()).isEqualTo(new TrialId(0, 0, 7));
    assertThat(r.started().pid()).isEqualTo(4242);
    assertThat(r.started().attempt()).isEqualTo(2);
    assertThat(r.failed().kind()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(r.result().metrics().single()).isEqualTo("nan");
    assertThat(r.markers().skipped()).isFalse();
  }

  @Test
  void junk_in_promoted_from_reads_as_no_parent_but_the_marker_is_seen() throws IOException {
    Files.writeString(dir().resolve("promoted-from"), "../../etc/passwd\n");
    TrialRecord r = read();
    assertThat(r.promotedFrom()).isNull();
    assertThat(r.markers().promotedFrom()).isTrue();
  }

  @Test
  void a_latin1_byte_in_a_comment_does_not_change_what_the_result_says() throws IOException {
    TrialRecord.Result r = result(new byte[] {'#', ' ', 'c', 'a', 'f', (byte) 0xe9, '\n', '0', '.', '1', '\n'});
    assertThat(r.metrics().single()).isEqualTo("0.1");
  }

  @Test
  void a_byte_order_mark_and_crlf_line_ends_are_ignored() throws IOException {
    byte[] text = "accuracy: 0.5\r\nloss: 1\r\n".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[text.length + 3];
    withBom[0] = (byte) 0xef;
    withBom[1] = (byte) 0xbb;
    withBom[2] = (byte) 0xbf;
    System.arraycopy(text, 0, withBom, 3, text.length);
    assertThat(result(withBom).metrics().named()).containsEntry("accuracy", "0.5").containsEntry("loss", "1");
  }

  @Test
  void an_empty_or_binary_result_is_unparseable_with_a_reason() throws IOException {
    assertThat(result(new byte[0]).problem()).isEqualTo("result: empty result");
    assertThat(result(new byte[] {'0', '.', '5', (byte) 0xff, '\n'}).kind()).isEqualTo(FailureKind.UNPARSEABLE);
  }

  @Test
  void a_result_over_the_size_limit_is_unparseable_without_being_read() throws IOException {
    Path file = dir().resolve(Layout.RESULT);
    try (var ch = Files.newByteChannel(file, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE)) {
      ch.position(TrialFiles.MAX_RESULT_BYTES);
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'1'}));
    }
    assertThat(read().result().problem()).startsWith("result is larger than");
  }

  @Test
  void display_text_shows_utf8_as_utf8_and_anything_else_as_its_bytes() {
    assertThat(TrialFiles.display(TrialFiles.decode("café".getBytes(StandardCharsets.UTF_8)))).isEqualTo("café");
    assertThat(TrialFiles.display(TrialFiles.decode(new byte[] {'c', 'a', 'f', (byte) 0xe9}))).isEqualTo("caf\u00e9");
  }

  @Test
  void a_trial_is_finished_when_its_result_exists() throws IOException {
    Path d = dir();
    assertThat(TrialFiles.finished(d)).isFalse();
    Files.writeString(d.resolve("result"), "nan\n");
    assertThat(TrialFiles.finished(d)).isTrue();
    assertThat(TrialFiles.failed(d)).isFalse();
  }
}
