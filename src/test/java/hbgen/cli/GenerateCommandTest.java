package hbgen.cli;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir Path tmp;

  static Map<String, byte[]> tree(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  @Nested
  class Plan {
    @Test
    void printsThePlanWithoutWritingAnything() {
      Cli.Run r = Cli.run("generate", "5", "3", "--repetitions", "2", "--folds", "10",
          "--cost-one-epoch-full-dataset", "0.0028", "--random-seed", "123456");
      assertThat(r.code()).isZero();
      assertThat(r.out()).contains("Stage 0 - 98 configurations each with budget 3.0 (cost: 14.82)");
      assertThat(r.out().lines().filter(l -> l.startsWith("  Bracket"))).hasSize(6);
    }
  }

  @Nested
  class Writing {
    /** The size guard: refused without --yes (BadInputCatalogueTest), written with it; the estimate holds. */
    @Test
    void moreThan100000ConfigurationsAreWrittenWithYesAndTheEstimateFromOneConfigHolds() throws IOException {
      Path big = tmp.resolve("big");
      Cli.Run refused = Cli.run("random", "100001", "-o", big.toString(), "--trainer", "t", "--random-seed", "9");
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err().lines().toList()).singleElement().asString().contains("--yes", "100,001 configurations");
      assertThat(big).doesNotExist();

      Cli.Run r = Cli.run("random", "100001", "-o", big.toString(), "--trainer", "t", "--random-seed", "9", "--yes");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).contains("Wrote 100001 configurations");
      Path stage = big.resolve("bracket-0/stage-0");
      long one = Files.size(stage.resolve("config-0/config"));
      long total = 0;
      long count = 0;
      try (Stream<Path> dirs = Files.list(stage)) {
        for (Path d : dirs.toList()) {
          total += Files.size(d.resolve("config"));
          count++;
        }
      }
      assertThat(count).isEqualTo(100001);
      assertThat((double) total / (one * count)).as("text bytes over the estimate").isBetween(0.9, 1.1);
    }

    @Test
    void sameSeedGivesByteIdenticalTreesApartFromTheManifestHeader() throws IOException {
      for (String name : List.of("a", "b")) {
        Cli.Run r = Cli.run("generate", "2", "3", "-o", tmp.resolve(name).toString(), "--random-seed", "77",
            "--space", "src/test/resources/spaces/small.yaml", "--trainer", "python3 train.py");
        assertThat(r.code()).as(r.err()).isZero();
      }
      Map<String, byte[]> a = tree(tmp.resolve("a"));
      Map<String, byte[]> b = tree(tmp.resolve("b"));
      assertThat(a.keySet()).isEqualTo(b.keySet()).contains("Snakefile", "run.sh", "hbgen.yaml", "results.tsv",
          "templates/config.ftl", "bracket-0/stage-0/config-8/config", "bracket-2/stage-0/config-2/config");
      for (String f : a.keySet()) {
        if (f.equals("hbgen.yaml")) {
          assertThat(withoutVolatile(a.get(f))).isEqualTo(withoutVolatile(b.get(f)));
        } else {
          assertThat(a.get(f)).as(f).isEqualTo(b.get(f));
        }
      }
      assertThat(tree(tmp).keySet()).allMatch(f -> !f.contains(".hbgen-tmp"));
    }

    private String withoutVolatile(byte[] manifest) {
      return new String(manifest).replaceAll("(?m)^created: .*$", "").replaceAll("(?s)command:\\n(  - .*?\\n)+", "")
          .replaceAll("(?m)^  - [ab]$", "");
    }

    @Test
    void aDifferentSeedGivesDifferentConfigurations() throws IOException {
      Cli.run("generate", "1", "3", "-o", tmp.resolve("a").toString(), "--random-seed", "1", "--space", "src/test/resources/spaces/small.yaml", "--trainer", "t");
      Cli.run("generate", "1", "3", "-o", tmp.resolve("b").toString(), "--random-seed", "2", "--space", "src/test/resources/spaces/small.yaml", "--trainer", "t");
      assertThat(Files.readString(tmp.resolve("a/bracket-0/stage-0/config-0/config")))
          .isNotEqualTo(Files.readString(tmp.resolve("b/bracket-0/stage-0/config-0/config")));
    }

    @Test
    void dottedKeysBecomeNestedMapsInTheConfig() throws IOException {
      Cli.run("generate", "0", "2", "-o", tmp.resolve("a").toString(), "--random-seed", "1", "--space", "src/test/resources/spaces/small.yaml", "--trainer", "t");
      String config = Files.readString(tmp.resolve("a/bracket-0/stage-0/config-0/config"));
      assertThat(config).contains("\"model\": {\n    \"layers\": 2\n  }").contains("\"data\": \"iris\"");
    }

    @Test
    void theReadmeYamlConfigTemplateRendersYamlThatReadsBackTheSameValues() throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), "<#list params as name, value>\n${name}: ${jsonInline(value)}\n</#list>\nseed: ${seed}\n");
      Cli.Run r = Cli.run("generate", "0", "2", "-o", tmp.resolve("y").toString(), "--random-seed", "1", "--space",
          "src/test/resources/spaces/small.yaml", "--trainer", "t", "--template-dir", tpl.toString());
      assertThat(r.code()).as(r.err()).isZero();
      String yaml = Files.readString(tmp.resolve("y/bracket-0/stage-0/config-0/config"));
      String json = Files.readString(tmp.resolve("y/templates/config.ftl"));
      assertThat(json).contains("jsonInline");
      @SuppressWarnings("unchecked") Map<String, Object> m = (Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(yaml);
      assertThat(m).containsKeys("lr", "opt", "width", "seed");
    }

    @Test
    void overwriteReplacesAnExistingSearch() throws IOException {
      Path out = tmp.resolve("a");
      assertThat(Cli.run("generate", "0", "2", "-o", out.toString(), "--random-seed", "1", "--trainer", "t", "--space", "src/test/resources/spaces/small.yaml").code()).isZero();
      Files.writeString(out.resolve("stray"), "x");
      assertThat(Cli.run("generate", "0", "2", "-o", out.toString(), "--random-seed", "1", "--trainer", "t", "--space", "src/test/resources/spaces/small.yaml", "--overwrite").code()).isZero();
      assertThat(out.resolve("stray")).doesNotExist();
      assertThat(out.resolve("Snakefile")).exists();
    }
  }

  @Nested
  class BadInput {
    Cli.Run fails(int code, String message, String... args) throws IOException {
      List<String> all = new ArrayList<>(List.of("generate"));
      all.addAll(List.of(args));
      Cli.Run r = Cli.run(all.toArray(String[]::new));
      assertThat(r.code()).as(r.err()).isEqualTo(code);
      assertThat(r.err().lines().toList()).as(r.err()).first().asString().isEqualTo("hbgen: " + message);
      assertThat(r.err()).doesNotContain("\tat ", "Exception");
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left.filter(p -> !p.getFileName().toString().endsWith(".yaml") && !p.getFileName().toString().equals("tpl")))
            .as("nothing written").isEmpty();
      }
      return r;
    }

    String out() {
      return tmp.resolve("out").toString();
    }

    @Test
    void negativeSMax() throws IOException {
      fails(2, "S_MAX must be >= 0, was -1", "-1", "3", "-o", out());
    }

    @Test
    void etaBelowTwo() throws IOException {
      fails(2, "ETA must be >= 2, was 1", "2", "1", "-o", out());
    }

    @Test
    void aPlanOverTwoMillionConfigurations() throws IOException {
      fails(2, "the plan has 2492486 stage-0 configurations; at most 2000000 can be written (lower S_MAX, raise ETA, or pick brackets with --bracket)",
          "13", "3", "-o", out());
    }

    @Test
    void aPlanWhoseROverflows() throws IOException {
      fails(2, "R = ETA^S_MAX overflows a 64-bit integer (3^50)", "50", "3");
    }

    @Test
    void anUnknownDistribution() throws IOException {
      Files.writeString(tmp.resolve("s.yaml"), "parameters:\n  lr: {gauss: [0, 1]}\n");
      fails(2, tmp.resolve("s.yaml") + ":2:8: parameter lr: unknown distribution 'gauss' (expected one of choice, exponential, geomspace, int, loguniform, normal, range, uniform, value)",
          "1", "3", "-o", out(), "--space", tmp.resolve("s.yaml").toString(), "--trainer", "t");
    }

    @Test
    void malformedYaml() throws IOException {
      Files.writeString(tmp.resolve("s.yaml"), "parameters:\n  lr: [1, 2\n");
      Cli.Run r = fails(2, tmp.resolve("s.yaml") + ":3:1: invalid YAML: expected ',' or ']', but got <stream end>",
          "1", "3", "-o", out(), "--space", tmp.resolve("s.yaml").toString(), "--trainer", "t");
      assertThat(r.err()).hasLineCount(1);
    }

    @Test
    void aTemplateSyntaxError() throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("Snakefile.ftl"), "# ok\n<#if x>\nno end\n");
      Cli.Run r = Cli.run("generate", "1", "3", "-o", out(), "--template-dir", tpl.toString(), "--trainer", "t",
          "--space", "src/test/resources/spaces/small.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).startsWith("hbgen: " + tpl.resolve("Snakefile.ftl") + ":").hasLineCount(1);
      assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aTemplateWithAMissingVariable() throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), "{\n  \"lr\": ${params.nope}\n}\n");
      Cli.Run r = Cli.run("generate", "1", "3", "-o", out(), "--template-dir", tpl.toString(), "--trainer", "t",
          "--space", "src/test/resources/spaces/small.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).startsWith("hbgen: " + tpl.resolve("config.ftl") + ":2:11: params.nope is missing (null or not defined in the model)\n")
          .hasLineCount(1);
      assertThat(tmp.resolve("out")).doesNotExist();
      try (Stream<Path> left = Files.list(tmp)) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactly("tpl");
      }
    }

    @Test
    void aTemplateThatTriesToInstantiateClassesIsRefused() throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}\n");
      Cli.Run r = Cli.run("generate", "0", "2", "-o", out(), "--template-dir", tpl.toString(), "--trainer", "t",
          "--space", "src/test/resources/spaces/small.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("config.ftl:1:").hasLineCount(1);
    }

    Cli.Run withConfigTemplate(String text) throws IOException {
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.writeString(tpl.resolve("config.ftl"), text);
      Cli.Run r = Cli.run("generate", "0", "2", "-o", out(), "--template-dir", tpl.toString(), "--trainer", "t",
          "--space", "src/test/resources/spaces/small.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).hasLineCount(1).doesNotContain("Exception");
      assertThat(tmp.resolve("out")).doesNotExist();
      return r;
    }

    @Test
    void aTemplateThatTriesTheApiBuiltInIsRefused() throws IOException {
      assertThat(withConfigTemplate("${seed?api.getClass()}\n").err()).contains("config.ftl:1:").contains("api_builtin_enabled");
    }

    @Test
    void aTemplateThatIncludesAFileOutsideItsDirectoryIsRefused() throws IOException {
      Files.writeString(tmp.resolve("outside.ftl"), "secret\n");
      assertThat(withConfigTemplate("<#include \"../outside.ftl\">\n").err())
          .contains("config.ftl:1:1: Template inclusion failed").contains("../outside.ftl");
    }

    @Test
    void aTemplateDirectoryHoldingASymlinkThatPointsOutsideIsRefused() throws IOException {
      Files.writeString(tmp.resolve("outside.ftl"), "secret ${seed}\n");
      Path tpl = Files.createDirectories(tmp.resolve("tpl"));
      Files.createSymbolicLink(tpl.resolve("config.ftl"), tmp.resolve("outside.ftl"));
      Cli.Run r = Cli.run("generate", "0", "2", "-o", out(), "--template-dir", tpl.toString(), "--trainer", "t",
          "--space", "src/test/resources/spaces/small.yaml");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).hasLineCount(1).contains("config.ftl: cannot read template").contains("doesn't start with");
      assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void aNonEmptyOutputDirectoryWithoutOverwrite() throws IOException {
      Path out = Files.createDirectories(tmp.resolve("out"));
      Files.writeString(out.resolve("keep.txt"), "mine");
      Cli.Run r = Cli.run("generate", "1", "3", "-o", out.toString(), "--trainer", "t");
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: " + out + ": output directory exists and is not empty (pass --overwrite to replace it)\n");
      assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("mine");
    }

    @Test
    void aMissingSpaceFile() throws IOException {
      fails(2, "nope.yaml: no such file", "1", "3", "-o", out(), "--space", "nope.yaml", "--trainer", "t");
    }

    @Test
    void anUnknownOption() throws IOException {
      fails(2, "Unknown option: '--colour' (did you mean --cost-one-epoch-full-dataset?); see 'hbgen generate --help'",
          "1", "3", "--colour");
    }
  }

  @Nested
  class ConditionalParameters {
    @Test
    void aWhenValueTheParameterNeverTakesIsExit2WithItsPositionAndWritesNothing() throws IOException {
      Path space = Files.writeString(tmp.resolve("space.yaml"), """
          parameters:
            optimizer: {choice: [sgd, momentum]}
            reg:
              - {value: l2, when: {optimizer: sdg}}
          """);
      Map<String, String> before = RandomAndGridCommandTest.digests(tmp);
      for (String[] args : List.of(new String[] {"generate", "1", "3"}, new String[] {"random", "4"}, new String[] {"grid"})) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", tmp.resolve("out").toString(), "--space", space.toString(), "--trainer", "t"));
        Cli.Run r = Cli.run(all.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("hbgen: " + space + ":4:37: parameter reg: 'when' needs optimizer to be sdg, "
            + "which optimizer never takes (it takes sgd, momentum)\n");
        assertThat(RandomAndGridCommandTest.digests(tmp)).as("files under " + tmp).isEqualTo(before);
      }
    }

    @Test
    void aWhenNamingAnUnknownParameterIsExit2WithItsPosition() throws IOException {
      Path space = Files.writeString(tmp.resolve("space.yaml"), """
          parameters:
            reg:
              - {value: l2, when: {optimiser: sgd}}
          """);
      Cli.Run r = Cli.run("generate", "1", "3", "-o", tmp.resolve("out").toString(), "--space", space.toString());
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).isEqualTo("hbgen: " + space + ":3:26: parameter reg: 'when' refers to optimiser, "
          + "which is not a parameter defined before it\n");
      assertThat(tmp.resolve("out")).doesNotExist();
    }
  }
}
