package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed generate leaves beside its target is cleaned up, or put back, by the next one. */
class LeftoversTest {
  @TempDir Path tmp;

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  private static String[] names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void aSearchMovedAsideByAKilledOverwriteIsPutBackAndNotReplacedWithoutOverwrite() throws Exception {
    Path old = tmp.resolve(".hbgen-old-s-" + deadPid() + "-" + UUID.randomUUID());
    Files.createDirectories(old);
    Files.writeString(old.resolve("hbgen.yaml"), "the old search\n");
    Path staging = tmp.resolve(".hbgen-tmp-s-" + deadPid() + "-" + UUID.randomUUID());
    Files.createDirectories(staging.resolve("bracket-0"));

    Cli.Run r = Cli.run("generate", "1", "3", "-o", tmp.resolve("s").toString(), "--trainer", "true");

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).contains("not empty");
    assertThat(names(tmp)).containsExactly("s");
    assertThat(Files.readString(tmp.resolve("s/hbgen.yaml"))).isEqualTo("the old search\n");
  }

  @Test
  void leftoversOfDeadWritersGoButThoseOfLiveOnesAndOtherTargetsStay() throws Exception {
    Path dead = tmp.resolve(".hbgen-tmp-s-" + deadPid() + "-" + UUID.randomUUID());
    Path live = tmp.resolve(".hbgen-tmp-s-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    Path other = tmp.resolve(".hbgen-tmp-s-1-" + deadPid() + "-" + UUID.randomUUID());
    for (Path p : new Path[] {dead, live, other}) {
      Files.createDirectories(p.resolve("bracket-0"));
    }

    Cli.Run r = Cli.run("generate", "1", "3", "-o", tmp.resolve("s").toString(), "--trainer", "true");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(names(tmp)).containsExactlyInAnyOrder("s", live.getFileName().toString(), other.getFileName().toString());
    assertThat(tmp.resolve("s/hbgen.yaml")).exists();
  }
}
