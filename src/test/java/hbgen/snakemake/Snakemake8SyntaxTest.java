package hbgen.snakemake;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snakemake 8 cannot be installed here (no PyPI): the generated Snakefile and its helper module are
 * checked on paper against what Snakemake 8 removed or renamed (Snakemake's "Migration between
 * Snakemake versions", Snakemake 8: the dynamic() flag, the version and subworkflow directives,
 * remote providers; executors moved into plugins). SnakemakeEndToEndTest runs them in Snakemake 7.21
 * and --lint finds nothing.
 */
class Snakemake8SyntaxTest {
  @TempDir Path tmp;

  @Test
  void theSnakefileUsesNothingSnakemake8Removed() throws Exception {
    Path search = tmp.resolve("s");
    Cli.Run gen = Cli.run("generate", "2", "3", "-o", search.toString(), "--random-seed", "1", "--launcher", "srun");
    assertThat(gen.code()).as(gen.err()).isZero();
    String code = (Files.readString(search.resolve("Snakefile")) + Files.readString(search.resolve("hbgen_workflow.py")))
        .lines().map(l -> l.replaceFirst("#.*", "")).reduce("", (a, b) -> a + b + "\n");
    for (String removed : List.of("dynamic\\(", "^\\s*version\\s*:", "^\\s*subworkflow\\b", "snakemake\\.remote",
        "RemoteProvider", "snakemake\\.shell", "snakemake\\.io", "snakemake\\.utils", "snakemake\\.logging")) {
      assertThat(Pattern.compile(removed, Pattern.MULTILINE).matcher(code).find()).as(removed).isFalse();
    }
    // the only import from Snakemake itself; snakemake.exceptions.WorkflowError is kept in 8
    // (re-exported from snakemake-interface-common)
    assertThat(code.lines().filter(l -> l.matches("\\s*(from|import) snakemake.*")).distinct()).containsExactly(
        "from snakemake.exceptions import WorkflowError");
    assertThat(code).contains("localrules: all, promote, best", "workflow.basedir");
  }
}
