package hbgen.golden;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rendered output compared byte for byte with reviewed copies under src/test/resources/golden.
 * Regenerate on purpose with {@code mvn test -Dtest=GoldenFilesTest -Dgolden.update=true} and
 * review the diff.
 */
class GoldenFilesTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");

  @TempDir Path tmp;

  static Map<String, String> files(Path root, Path tmp) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(p);
        String name = root.relativize(p).toString();
        if (name.equals("hbgen.yaml")) {
          text = text.replaceAll("(?m)^created: .*$", "created: (time)")
              .replaceAll("(?m)^cwd_git_commit: .*$", "cwd_git_commit: (commit)")
              .replace(tmp.toString(), "(tmp)");
        }
        if (name.equals("hbgen_workflow.py")) {
          // the absolute command of the hbgen that wrote the search differs between machines
          text = text.replaceAll("(?m)^RECORDED_HBGEN = .*$", "RECORDED_HBGEN = (the hbgen that wrote the search)");
        }
        out.put(name, text);
      }
    }
    return out;
  }

  void check(String name, String... args) throws IOException {
    Path out = tmp.resolve(name);
    List<String> all = new java.util.ArrayList<>(List.of("generate"));
    all.addAll(List.of(args));
    all.addAll(List.of("-o", out.toString(), "--trainer-dir", tmp.toString()));
    Cli.Run r = Cli.run(all.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    Map<String, String> actual = files(out, tmp);
    Path golden = GOLDEN.resolve(name);
    if (Boolean.getBoolean("golden.update")) {
      if (Files.exists(golden)) {
        hbgen.search.AtomicFiles.deleteTree(golden);
      }
      for (Map.Entry<String, String> e : actual.entrySet()) {
        Path f = golden.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
      }
    }
    assertThat(Files.isDirectory(golden)).as("golden copy " + golden + " exists (run with -Dgolden.update=true)").isTrue();
    Map<String, String> expected = files(golden, tmp);
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String f : expected.keySet()) {
      assertThat(actual.get(f)).as(f).isEqualTo(expected.get(f));
    }
  }

  @Test
  void aSmallMinimizingSearchRendersAsReviewed() throws IOException {
    check("small-minimize", "1", "3", "--random-seed", "42", "--space", "src/test/resources/spaces/small.yaml",
        "--trainer", "python3 train.py --epochs-from-budget", "--objective", "loss", "-k", "3", "--retries", "1");
  }

  @Test
  void aSlurmSearchRendersItsResourcesAndTimeLimitsAsReviewed() throws IOException {
    check("srun-resources", "1", "2", "--random-seed", "5", "--space", "src/test/resources/spaces/small.yaml",
        "--trainer", "./train.sh", "--objective", "loss", "--launcher", "sbatch", "--slurm-partition", "gpu",
        "--slurm-time", "00:30:00", "--slurm-time-per-budget", "00:20:00", "--slurm-mem", "8G", "--slurm-cpus", "4",
        "--slurm-gpus", "a100:1", "--slurm-extra", "--constraint='ib&v100' --comment=\"two words\"");
  }

  @Test
  void anLsfSearchRendersItsBsubResourcesAndRunLimitsAsReviewed() throws IOException {
    check("bsub-resources", "1", "2", "--random-seed", "5", "--space", "src/test/resources/spaces/small.yaml",
        "--trainer", "./train.sh", "--objective", "loss", "--launcher", "bsub", "--lsf-queue", "gpu",
        "--lsf-time", "0:30", "--lsf-time-per-budget", "20", "--lsf-mem", "8000", "--lsf-cpus", "4",
        "--lsf-gpus", "num=1:mode=exclusive_process", "--lsf-project", "hpo", "--lsf-extra", "-R 'select[ngpus>0]' -x");
  }

  @Test
  void theBundledExampleMaximizingRendersAsReviewed() throws IOException {
    check("example-maximize", "1", "2", "--random-seed", "7", "--objective", "accuracy", "--maximize",
        "--guaranteed-budget", "0.5");
  }

  @Test
  void aSearchOfTwoIterationsRendersAsReviewed() throws IOException {
    // Iteration 1's brackets are bracket-2 and bracket-3, with configurations distinct from iteration 0's.
    check("two-iterations", "1", "3", "--iterations", "2", "--incumbent", "all", "--random-seed", "42",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "python3 train.py", "--objective", "loss");
  }

  @Test
  void aSearchWhoseConfigurationsAreProposedInBatchesRendersAsReviewed() throws IOException {
    // No stage-0 configuration is written; the Snakefile has the propose rule and the table of batches.
    check("bohb-batches", "2", "3", "--iterations", "2", "--sampler", "bohb", "--batch", "4", "--random-seed", "42",
        "--space", "src/test/resources/spaces/small.yaml", "--trainer", "python3 train.py", "--objective", "loss");
  }
}
