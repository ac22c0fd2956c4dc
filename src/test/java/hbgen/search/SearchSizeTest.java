package hbgen.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SearchSizeTest {
  @Test
  void eachConfigurationIsADirectoryAndAFileOfWholeBlocks() {
    SearchSize s = SearchSize.of(834_008, 169);
    assertThat(s.files()).isEqualTo(1_668_016);
    assertThat(s.textBytes()).isEqualTo(834_008L * 169);
    assertThat(s.diskBytes()).isEqualTo(834_008L * 2 * 4096);
    assertThat(s.describe()).isEqualTo("1,668,016 files and directories, 141 MB of text (about 6.8 GB on disk in 4 KiB blocks)");
    assertThat(SearchSize.of(10, 5000).diskBytes()).as("a config of two blocks").isEqualTo(10L * 3 * 4096);
  }

  @ParameterizedTest
  @CsvSource({"0, 0 bytes", "999, 999 bytes", "1000, 1.0 kB", "99949, 99.9 kB", "99950, 100 kB", "999949, 1000 kB",
      "999950, 1.0 MB", "6832193536, 6.8 GB", "2000000000000000000, 2000 PB"})
  void bytesInDecimalUnits(long n, String text) {
    assertThat(SearchSize.bytes(n)).isEqualTo(text);
  }

  @Test
  void runningAddsThreeFilesPerTrialAndSixPerPromotedTrial() {
    // generate 12 3: 834,008 stage-0 trials and 416,954 promoted ones
    assertThat(SearchSize.runFiles(834_008, 416_954)).isEqualTo(5_003_748L);
    assertThat(SearchSize.runFiles(10, 0)).isEqualTo(30);
  }

  @Test
  void refusesNegativeSizes() {
    assertThatThrownBy(() -> new SearchSize(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
