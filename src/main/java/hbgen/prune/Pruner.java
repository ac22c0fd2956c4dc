package hbgen.prune;

import hbgen.search.YamlFiles;
import hbgen.error.RuntimeFailure;
import hbgen.error.UsageError;
import hbgen.plan.Bracket;
import hbgen.search.AtomicFiles;
import hbgen.search.Layout;
import hbgen.search.SearchDir;
import hbgen.search.TrialFiles;
import hbgen.search.TrialRecord;
import hbgen.trial.TrialId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Deletes the checkpoints of trials that were not promoted, in a search on disk: reads the
 * promotion records ({@code promotion.yaml} and the {@code promoted-from} files of the stage
 * after), asks {@link Prunable} which trials qualify, and deletes the entries of their
 * directories that the {@link CheckpointPatterns} match. Never follows symbolic links.
 */
public final class Pruner {
  private Pruner() {}

  /**
   * One deleted (or, in a dry run, deletable) entry of a trial directory.
   *
   * @param trial the trial
   * @param name the entry's name in the trial directory
   * @param files files (and symbolic links) in it, itself included when it is not a directory
   * @param directories directories in it, itself included when it is one
   * @param bytes bytes of the regular files in it
   */
  public record Entry(TrialId trial, String name, long files, long directories, long bytes) {
    /** The entry's path relative to the search root. */
    public String path() {
      return trial.path() + "/" + name;
    }
  }

  /**
   * What a prune did or, in a dry run, would do.
   *
   * @param entries the entries, in plan order, then by name
   * @param prunable trials not promoted out of a promoted stage (those searched for checkpoints)
   * @param promotionsDone promotions done so far
   * @param promotionsPlanned promotions the plan has
   * @param dryRun whether nothing was deleted
   */
  public record Report(List<Entry> entries, long prunable, long promotionsDone, long promotionsPlanned, boolean dryRun) {
    public Report {
      entries = List.copyOf(entries);
    }

    /** Files (and links) in all entries. */
    public long files() {
      return entries.stream().mapToLong(Entry::files).sum();
    }

    /** Directories in all entries. */
    public long directories() {
      return entries.stream().mapToLong(Entry::directories).sum();
    }

    /** Bytes of regular files in all entries. */
    public long bytes() {
      return entries.stream().mapToLong(Entry::bytes).sum();
    }

    /** Trial directories with at least one entry. */
    public long trials() {
      return entries.stream().map(Entry::trial).distinct().count();
    }
  }

  /** Deletes (or with {@code dryRun} only lists) the checkpoints of the search's prunable trials. */
  public static Report prune(SearchDir search, CheckpointPatterns patterns, boolean dryRun) {
    List<PromotionRecord> done = records(search);
    Layout layout = search.layout();
    Set<TrialId> settled = new HashSet<>();
    for (PromotionRecord r : done) {
      FileTime promoted = modified(layout.promotion(r.bracket(), r.stage()));
      long configs = search.plan().bracket(r.bracket()).stages().get(r.stage() - 1).configs();
      for (long c = 0; c < configs; c++) {
        TrialId id = new TrialId(r.bracket(), r.stage() - 1, c);
        Path result = layout.marker(id, Layout.RESULT);
        // A result newer than the promotion: the trial ran again and waits for a new promotion.
        if (Files.exists(result, LinkOption.NOFOLLOW_LINKS) && modified(result).compareTo(promoted) <= 0) {
          settled.add(id);
        }
      }
    }
    List<TrialId> prunable = Prunable.of(search.plan(), done, settled);
    List<Entry> entries = new ArrayList<>();
    for (TrialId id : prunable) {
      Path dir = layout.trialDir(id);
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      for (Path p : list(dir)) {
        String name = p.getFileName().toString();
        if (!patterns.matches(name)) {
          continue;
        }
        Entry e = measure(id, name, p);
        if (!dryRun) {
          delete(p);
        }
        entries.add(e);
      }
    }
    long planned = search.plan().brackets().stream().mapToLong(b -> b.stages().size() - 1L).sum();
    return new Report(entries, prunable.size(), done.size(), planned, dryRun);
  }

  /** The promotions done in the search: every stage J >= 1 whose {@code promotion.yaml} exists. */
  static List<PromotionRecord> records(SearchDir search) {
    List<PromotionRecord> out = new ArrayList<>();
    Layout layout = search.layout();
    for (Bracket b : search.plan().brackets()) {
      for (int j = 1; j < b.stages().size(); j++) {
        Path stageDir = layout.stageDir(b.index(), j);
        Path file = layout.promotion(b.index(), j);
        if (!Files.isRegularFile(file)) {
          continue;
        }
        // Both records count: a trial either of them calls promoted keeps its checkpoints.
        Set<TrialId> promoted = new HashSet<>(promotedIn(file));
        for (long k = 0; k < b.stages().get(j).configs(); k++) {
          TrialRecord slot = TrialFiles.read(layout, new TrialId(b.index(), j, k), false);
          if (slot.promotedFrom() != null) {
            promoted.add(slot.promotedFrom());
          } else if (slot.markers().promotedFrom()) {
            // Unreadable: which checkpoints it protects is unknown, so none are deleted.
            throw new UsageError(layout.marker(slot.id(), Layout.PROMOTED_FROM)
                + ": not a trial path (bracket-I/stage-J/config-K)");
          }
        }
        try {
          out.add(new PromotionRecord(b.index(), j, promoted));
        } catch (IllegalArgumentException e) {
          throw new UsageError(stageDir + ": " + e.getMessage());
        }
      }
    }
    return out;
  }

  /** The trials a {@code promotion.yaml} ranks with a non-null {@code promoted_to}. */
  static Set<TrialId> promotedIn(Path file) {
    Object data;
    try {
      data = YamlFiles.safeYaml().load(read(file));
    } catch (YAMLException e) {
      throw new UsageError(file + ": invalid YAML: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip());
    }
    if (!(data instanceof Map<?, ?> map) || !(map.get("ranking") instanceof List<?> ranking)) {
      throw new UsageError(file + ": not a promotion record (expected a map with a 'ranking' list)");
    }
    Set<TrialId> out = new HashSet<>();
    for (Object row : ranking) {
      if (!(row instanceof Map<?, ?> r) || r.get("trial") == null || !r.containsKey("promoted_to")) {
        throw new UsageError(file + ": every ranking entry needs 'trial' and 'promoted_to', found: " + row);
      }
      if (r.get("promoted_to") != null) {
        out.add(parse(file, String.valueOf(r.get("trial"))));
      }
    }
    return out;
  }

  private static TrialId parse(Path file, String text) {
    try {
      return Layout.parseTrial(text);
    } catch (IllegalArgumentException e) {
      throw new UsageError(file + ": " + e.getMessage());
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageError(file + ": cannot read: " + AtomicFiles.describe(e));
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new RuntimeFailure(file + ": cannot read: " + AtomicFiles.describe(e), e);
    }
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new RuntimeFailure(dir + ": cannot list: " + AtomicFiles.describe(e), e);
    }
  }

  private static Entry measure(TrialId id, String name, Path entry) {
    long[] counts = new long[3];
    try {
      Files.walkFileTree(entry, new SimpleFileVisitor<>() {
        @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          counts[1]++;
          return FileVisitResult.CONTINUE;
        }

        @Override public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          counts[0]++;
          counts[2] += attrs.isRegularFile() ? attrs.size() : 0;
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new RuntimeFailure(entry + ": cannot read: " + AtomicFiles.describe(e), e);
    }
    return new Entry(id, name, counts[0], counts[1], counts[2]);
  }

  private static void delete(Path entry) {
    try {
      AtomicFiles.deleteTree(entry);
    } catch (IOException e) {
      throw new RuntimeFailure(entry + ": cannot delete: " + AtomicFiles.describe(e), e);
    }
  }
}
