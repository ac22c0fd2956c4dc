package hbgen.cli;

import hbgen.error.UsageError;
import hbgen.render.TemplateEngine;
import hbgen.search.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code hbgen templates export DIR}: copies the built-in templates for editing. */
@Command(name = "templates", mixinStandardHelpOptions = true,
    description = "Work with the built-in templates.", subcommands = TemplatesCommand.Export.class)
public final class TemplatesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code templates export DIR}. */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Copy the built-in templates into DIR; edit them and pass --template-dir DIR.")
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR") Path dir;

    @Override public Integer call() {
      if (dir.toString().isBlank()) {
        throw new UsageError("templates export needs a directory, was '" + dir + "'");
      }
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new UsageError(dir + ": exists and is not a directory");
      }
      for (String name : TemplateEngine.BUILT_INS) {
        if (Files.exists(dir.resolve(name))) {
          throw new UsageError(dir.resolve(name) + ": already exists (not overwriting your edits)");
        }
      }
      for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
        if (Files.exists(p) && !Files.isDirectory(p)) {
          throw new UsageError(dir + ": " + p + " is a file, expected a directory");
        }
      }
      boolean created = !Files.exists(dir);
      List<Path> written = new ArrayList<>();
      try {
        for (String name : TemplateEngine.BUILT_INS) {
          AtomicFiles.write(dir.resolve(name), TemplateEngine.builtInSource(name));
          written.add(dir.resolve(name));
        }
      } catch (RuntimeException e) {
        // all the templates or none: take back what this export wrote
        for (Path p : written) {
          p.toFile().delete();
        }
        if (created) {
          dir.toFile().delete();
        }
        throw e;
      }
      spec.commandLine().getOut().printf("Exported %d templates to %s; use them with --template-dir %s%n",
          TemplateEngine.BUILT_INS.size(), dir, dir);
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }
}
