package hbgen.run;

import static org.assertj.core.api.Assertions.assertThat;

import hbgen.plan.Bracket;
import hbgen.plan.Stage;
import hbgen.render.Json;
import hbgen.search.SearchDir;
import hbgen.testing.Engines;
import hbgen.trial.Direction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Calls the search's own hbgen_workflow.py (what the Snakefile's promote and best jobs run) with python3. */
final class PythonWorkflow {
  private PythonWorkflow() {}

  /** Runs {@code hb.promote} for bracket {@code b}, stage {@code s} in the search's directory. */
  static void promote(SearchDir search, int b, int s) throws Exception {
    run(search, "hb.promote(types.SimpleNamespace(b=" + b + ", s=" + s + "))");
  }

  /** Runs {@code hb.best} in the search's directory. */
  static void best(SearchDir search) throws Exception {
    run(search, "hb.best()");
  }

  private static void run(SearchDir search, String call) throws Exception {
    StringBuilder plan = new StringBuilder("{");
    for (Bracket b : search.plan().brackets()) {
      plan.append(b.index()).append(": [");
      for (Stage s : b.stages()) {
        plan.append('(').append(s.configs()).append(", ").append(Json.string(Json.budget(s.budget()))).append("), ");
      }
      plan.append("], ");
    }
    plan.append('}');
    String script = "import sys, types\nsys.path.insert(0, '.')\nimport hbgen_workflow as hb\n"
        + "hb.setup(" + plan + ", " + Json.string(search.objective()) + ", "
        + (search.direction() == Direction.MAXIMIZE ? "True" : "False") + ")\n" + call + "\n";
    Engines.Result r = Engines.exec(search.root(), 60, "python3", "-c", script);
    assertThat(r.code()).as(r.output()).isZero();
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
