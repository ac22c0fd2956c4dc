package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BarProgressTest {
  @Test
  void drawsTheBarThroughTheCommandsWriterWithFailedAndRunningCounts() {
    StringWriter text = new StringWriter();
    BarProgress bar = new BarProgress(new PrintWriter(text), 22, 5);
    bar.update(new RunCounts(22, 12, 1, 2, Duration.ofSeconds(83), Optional.of(Duration.ofSeconds(120))), false);
    bar.close();
    String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1);
    assertThat(last).startsWith("hbgen run").contains("12/22").contains("1 failed, 2 running").endsWith("\n");
  }
}
