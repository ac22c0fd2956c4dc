package hbgen.render;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import freemarker.ext.beans.BeansWrapper;
import hbgen.error.UsageError;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place FreeMarker is configured (STYLE.md, Templates): no {@code ?new} class
 * instantiation, no {@code ?api}, exceptions rethrown, numbers in computer format, models exposed
 * as plain data only. User templates in {@code --template-dir} override built-ins file by file.
 */
public final class TemplateEngine {
  /** Built-in templates, each rendered to the file named without ".ftl". */
  public static final List<String> BUILT_INS =
      List.of("Snakefile.ftl", "run.sh.ftl", "config.ftl", "hbgen_workflow.py.ftl", "profile-config.yaml.ftl",
          "profile-status.py.ftl", "profile-v8-slurm.yaml.ftl", "profile-v8-generic.yaml.ftl", "envs-trial.yaml.ftl");

  static final String RESOURCE_ROOT = "hbgen/templates";

  private final Configuration cfg;
  private final Path userDir;
  private final Map<String, Template> cache = new HashMap<>();

  /** An engine over the built-ins, overridden by {@code userDir} when it is not null. */
  public TemplateEngine(Path userDir) {
    this.userDir = userDir;
    cfg = new Configuration(Configuration.VERSION_2_3_35);
    TemplateLoader builtIn = new ClassTemplateLoader(TemplateEngine.class.getClassLoader(), RESOURCE_ROOT);
    if (userDir != null) {
      if (!Files.isDirectory(userDir)) {
        throw new UsageError(userDir + ": --template-dir is not a directory");
      }
      for (String name : BUILT_INS) {
        Path file = userDir.resolve(name);
        if (Files.exists(file) && !Files.isRegularFile(file)) {
          // FreeMarker would skip a directory silently and use the built-in, and block on a FIFO.
          throw new UsageError(file + ": is " + (Files.isDirectory(file) ? "a directory" : "not a regular file")
              + ", expected a template file");
        }
      }
      try {
        cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(userDir.toFile()), builtIn}));
      } catch (IOException e) {
        throw new UsageError(userDir + ": cannot read template directory: " + e.getMessage());
      }
    } else {
      cfg.setTemplateLoader(builtIn);
    }
    cfg.setDefaultEncoding("UTF-8");
    cfg.setOutputEncoding("UTF-8");
    cfg.setLocalizedLookup(false);
    cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    cfg.setLogTemplateExceptions(false);
    cfg.setWrapUncheckedExceptions(true);
    cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    cfg.setAPIBuiltinEnabled(false);
    cfg.setNumberFormat("computer");
    cfg.setBooleanFormat("c");
    DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_35);
    wrapper.setExposureLevel(BeansWrapper.EXPOSE_NOTHING);
    wrapper.setUseAdaptersForContainers(true);
    DefaultObjectWrapper built = wrapper.build();
    cfg.setObjectWrapper(built);
    cfg.setSharedVariable("json", (TemplateMethodModelEx) args -> Json.pretty(arg(args, "json")));
    cfg.setSharedVariable("jsonInline", (TemplateMethodModelEx) args -> Json.inline(arg(args, "jsonInline")));
    cfg.setSharedVariable("sh", (TemplateMethodModelEx) args -> Quoting.shell(String.valueOf(arg(args, "sh"))));
    cfg.setSharedVariable("py", (TemplateMethodModelEx) args -> Quoting.python(arg(args, "py")));
  }

  private static Object arg(List<?> args, String fn) throws TemplateModelException {
    if (args.size() != 1) {
      throw new TemplateModelException(fn + "() takes exactly one argument, got " + args.size());
    }
    return DeepUnwrap.unwrap((freemarker.template.TemplateModel) args.get(0));
  }

  /** Where a template comes from, as shown in messages: the user's file or the built-in. */
  public String origin(String name) {
    if (userDir != null && Files.isRegularFile(userDir.resolve(name))) {
      return userDir.resolve(name).toString();
    }
    return "templates/" + name + " (built-in)";
  }

  /** The template's source text, for the search's own copy. */
  public String source(String name) {
    if (userDir != null && Files.isRegularFile(userDir.resolve(name))) {
      try {
        return Utf8Text.read(userDir.resolve(name));
      } catch (IOException e) {
        throw new UsageError(userDir.resolve(name) + ": cannot read template: " + e.getMessage());
      }
    }
    return builtInSource(name);
  }

  /** A built-in template's source. */
  public static String builtInSource(String name) {
    try (InputStream in = TemplateEngine.class.getClassLoader().getResourceAsStream(RESOURCE_ROOT + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException("built-in template missing from the jar: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read built-in template " + name, e);
    }
  }

  /** Parses a template now, so that syntax errors surface before anything is written. */
  public void check(String name) {
    template(name);
  }

  /** Renders a template with a model of plain maps, lists, strings and numbers. */
  public String render(String name, Map<String, ?> model) {
    Template t = template(name);
    StringWriter out = new StringWriter();
    try {
      t.process(new LinkedHashMap<>(model), out);
    } catch (TemplateException e) {
      throw new UsageError(location(e.getTemplateSourceName(), e.getLineNumber(), e.getColumnNumber())
          + firstLine(e.getMessageWithoutStackTop()), e);
    } catch (IOException | SecurityException e) {
      // an #include the loader refused (a symbolic link out of --template-dir) or could not read
      throw new UsageError(origin(name) + ": cannot render: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
    }
    return out.toString();
  }

  private Template template(String name) {
    Template cached = cache.get(name);
    if (cached != null) {
      return cached;
    }
    try {
      Template t = cfg.getTemplate(name);
      cache.put(name, t);
      return t;
    } catch (ParseException e) {
      throw new UsageError(location(e.getTemplateName(), e.getLineNumber(), e.getColumnNumber())
          + firstLine(e.getEditorMessage()), e);
    } catch (freemarker.template.TemplateNotFoundException e) {
      throw new UsageError("template " + name + " not found in " + (userDir == null ? "the built-ins" : userDir + " or the built-ins"), e);
    } catch (java.nio.charset.CharacterCodingException e) {
      source(name); // names the first byte that is not UTF-8, with its line and column
      throw new UsageError(origin(name) + ": is not UTF-8 text", e);
    } catch (IOException | SecurityException e) {
      throw new UsageError(origin(name) + ": cannot read template: " + e.getMessage(), e);
    }
  }

  private String location(String source, Integer line, Integer column) {
    String where = source == null ? "template" : origin(source);
    if (line == null) {
      return where + ": ";
    }
    return where + ":" + line + ":" + (column == null ? 1 : column) + ": ";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "template error";
    }
    String m = message.strip();
    if (m.startsWith("The following has evaluated to null or missing:")) {
      for (String line : m.split("\n")) {
        if (line.startsWith("==> ")) {
          String expr = line.substring(4);
          int at = expr.indexOf("  [in template");
          return (at < 0 ? expr : expr.substring(0, at)).strip() + " is missing (null or not defined in the model)";
        }
      }
    }
    String[] lines = m.split("\n");
    String first = lines[0].strip();
    if (first.endsWith(":")) {
      for (int i = 1; i < lines.length; i++) {
        String next = lines[i].strip();
        if (!next.isEmpty() && !next.startsWith("----")) {
          return first + " " + next;
        }
      }
    }
    return first;
  }
}
