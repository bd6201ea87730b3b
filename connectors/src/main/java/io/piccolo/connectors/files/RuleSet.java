package io.piccolo.connectors.files;

import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The rule files named on a command line: {@code .drl} files, YAML artifact files, and folders of
 * them (searched recursively, in name order; {@code *.spec.yaml} files are specs, not rules).
 */
public final class RuleSet {
  private final List<RuleSource> drl = new ArrayList<>();
  private final List<Scenario> scenarios = new ArrayList<>();
  private final Set<String> packages = new LinkedHashSet<>();
  private final List<Problem> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();
  private final Set<Path> seen = new HashSet<>();
  private final List<Pending> pending = new ArrayList<>();

  private final long maxBytes;
  private final boolean strict;

  /** Files read as if they held other text (null: as if they were gone), for a check first. */
  private final Map<Path, String> changed = new HashMap<>();

  /** Whether build output and hidden folders are left out of a folder's files. */
  private final boolean skipsCopies;

  private RuleSet(long maxBytes, boolean strict, Map<Path, String> changed, boolean skipsCopies) {
    this.maxBytes = maxBytes;
    this.strict = strict;
    changed.forEach((file, text) -> this.changed.put(file.toAbsolutePath().normalize(), text));
    this.skipsCopies = skipsCopies;
  }

  /** Reads every rule file under the given paths; problems are collected, not thrown. */
  public static RuleSet load(List<Path> paths) {
    return load(paths, TextFiles.DEFAULT_MAX_BYTES);
  }

  /**
   * @param maxBytes the largest rule file accepted; a larger one is a problem of that file
   */
  public static RuleSet load(List<Path> paths, long maxBytes) {
    return load(paths, maxBytes, false);
  }

  /**
   * @param strict whether a field of an artifact that nothing reads is an error
   */
  public static RuleSet load(List<Path> paths, long maxBytes, boolean strict) {
    return load(paths, maxBytes, strict, null, null);
  }

  /**
   * The rule files as they would be with {@code changed} holding {@code text}, or removed when
   * {@code text} is null: what a new or replaced file would build into, before it is written. A new
   * file counts when it lies in one of the folders.
   */
  public static RuleSet load(List<Path> paths, long maxBytes, Path changed, String text) {
    return load(paths, maxBytes, false, changed, text);
  }

  /** Like {@link #load(List, long, Path, String)}, reading artifacts strictly when asked. */
  public static RuleSet load(
      List<Path> paths, long maxBytes, boolean strict, Path changed, String text) {
    Map<Path, String> one = new HashMap<>();
    if (changed != null) {
      one.put(changed, text);
    }
    return load(new RuleSet(maxBytes, strict, one, false), paths);
  }

  /**
   * The rule files of an editor's workspace: the folders' files with the open ones as typed ({@code
   * texts}; a new file counts when it lies in one of the folders), build output ({@code target},
   * {@code node_modules}) and hidden folders left out, as they hold copies.
   */
  public static RuleSet loadWorkspace(
      List<Path> folders, long maxBytes, boolean strict, Map<Path, String> texts) {
    return load(new RuleSet(maxBytes, strict, texts, true), folders);
  }

  private static RuleSet load(RuleSet set, List<Path> paths) {
    for (Path path : paths) {
      set.add(path);
    }
    set.readPending();
    return set;
  }

  /**
   * A problem found while listing, or a file to read, in the order the files are named: the files
   * are read and parsed on all cores, and their results taken in this order, so scenarios, problems
   * and notes come out as if read one after the other.
   */
  private record Pending(Problem problem, Path file) {}

  private void readPending() {
    List<FileRead> reads =
        pending.stream()
            .parallel()
            .map(p -> p.file() == null ? null : readFile(p.file()))
            .toList(); // an ordered stream: results in the order of pending
    for (int i = 0; i < reads.size(); i++) {
      Problem problem = pending.get(i).problem();
      if (problem != null) {
        problems.add(problem);
      } else {
        take(pending.get(i).file(), reads.get(i));
      }
    }
    pending.clear();
  }

  /** Whether a path below a workspace folder lies in build output or a hidden folder. */
  public static boolean isCopy(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.equals("target") || name.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }

  private boolean isChanged(Path file) {
    return changed.containsKey(file.toAbsolutePath().normalize());
  }

  private void add(Path path) {
    if (!Files.exists(path)) {
      pending.add(
          new Pending(Problem.error(path.toString(), 1, 1, "no such file or folder"), null));
      return;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        Path root = path.toAbsolutePath().normalize();
        List<Path> found =
            new ArrayList<>(
                walk.filter(Files::isRegularFile)
                    .filter(RuleSet::isRuleFile)
                    .filter(f -> !skipsCopies || !isCopy(path.relativize(f)))
                    .toList());
        changed.forEach(
            (file, text) -> {
              Path named = path.resolve(root.relativize(file)); // named as its neighbours are
              if (text != null
                  && file.startsWith(root)
                  && (!skipsCopies || isRuleFile(file) && !isCopy(root.relativize(file)))
                  && found.stream().noneMatch(f -> f.toAbsolutePath().normalize().equals(file))) {
                found.add(named);
              }
            });
        found.stream().sorted().forEach(this::read);
      } catch (IOException e) {
        pending.add(
            new Pending(
                Problem.error(path.toString(), 1, 1, "cannot list folder: " + e.getMessage()),
                null));
      }
      return;
    }
    if (!isRuleFile(path)) {
      pending.add(
          new Pending(
              Problem.error(
                  path.toString(), 1, 1, "not a rule file (expected .drl, .yaml or .yml)"),
              null));
      return;
    }
    read(path);
  }

  /** A {@code .drl}, {@code .yaml} or {@code .yml} file that is not a spec. */
  public static boolean isRuleFile(Path path) {
    String name = path.getFileName().toString();
    return name.endsWith(".drl")
        || ((name.endsWith(".yaml") || name.endsWith(".yml")) && !name.contains(".spec."));
  }

  private void read(Path file) {
    if (seen.add(file.toAbsolutePath().normalize())) { // named twice, e.g. a file and its folder
      pending.add(new Pending(null, file));
    }
  }

  /**
   * One file read and parsed: its problem when it cannot be read, nothing when it counts as
   * removed, else its text and, for YAML, what it holds. Touches no field of the set but the
   * read-only ones, so files can be read at the same time.
   */
  private record FileRead(Problem unreadable, String text, RuleContent content) {}

  /**
   * What the set keeps of a YAML file: its artifacts' trees are dropped as soon as it is read, so
   * files read ahead do not hold them all at once.
   */
  private record RuleContent(
      List<Scenario> scenarios, List<String> packages, List<Problem> problems, List<String> notes) {
    static RuleContent of(ArtifactFile.Content content) {
      return new RuleContent(
          content.scenarios(),
          content.artifacts().stream()
              .filter(a -> a.kind().equals("Package"))
              .map(a -> a.name())
              .toList(),
          content.problemsForRules(),
          content.notes());
    }
  }

  private FileRead readFile(Path file) {
    String text;
    try {
      if (isChanged(file)) {
        text = changed.get(file.toAbsolutePath().normalize());
        if (text == null) {
          return new FileRead(null, null, null);
        }
      } else {
        text = TextFiles.readUtf8(file, maxBytes, "limits.text-file-size");
      }
    } catch (TextFiles.UnreadableText e) {
      return new FileRead(Problem.error(file.toString(), e.line(), 1, e.detail()), null, null);
    } catch (IOException e) {
      return new FileRead(
          Problem.error(file.toString(), 1, 1, "cannot read: " + e.getMessage()), null, null);
    }
    if (isDrl(file)) {
      return new FileRead(null, text, null);
    }
    return new FileRead(
        null, text, RuleContent.of(ArtifactFile.read(file.toString(), text, strict)));
  }

  private static boolean isDrl(Path file) {
    return file.getFileName().toString().endsWith(".drl");
  }

  private void take(Path file, FileRead read) {
    if (read.unreadable() != null) {
      problems.add(read.unreadable());
      return;
    }
    if (read.text() == null) {
      return;
    }
    files.add(file);
    texts.add(read.text());
    if (read.content() == null) {
      drl.add(new RuleSource(file.toString(), read.text()));
      return;
    }
    RuleContent content = read.content();
    scenarios.addAll(content.scenarios());
    packages.addAll(content.packages());
    problems.addAll(content.problems());
    notes.addAll(content.notes());
  }

  /** A builder holding every DRL file and scenario of the set. */
  public RuleBaseBuilder builder() {
    RuleBaseBuilder builder = new RuleBaseBuilder().addScenarios(scenarios);
    drl.forEach(builder::addDrl);
    return builder;
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** One-line notes about artifacts that were read but are not used. */
  public List<String> notes() {
    return notes;
  }

  public List<Scenario> scenarios() {
    return scenarios;
  }

  /** Package names defined next to the scenarios. */
  public Set<String> packages() {
    return packages;
  }

  public List<Path> files() {
    return files;
  }

  /** A scenario's target that names no Package of the set. */
  public record UnknownTarget(Scenario scenario, ScenarioAction action) {
    /**
     * @param among where the Packages were looked for, as the message says it ("in these files")
     */
    public Problem warning(String among) {
      return Problem.warning(
          action.origin().file(),
          action.origin().line(),
          action.origin().column(),
          "scenario "
              + scenario.name()
              + " targets '"
              + action.target()
              + "', which names no Package "
              + among);
    }
  }

  /** The targets naming no Package of the set, each once per scenario. */
  public List<UnknownTarget> unknownTargets() {
    List<UnknownTarget> unknown = new ArrayList<>();
    for (Scenario s : scenarios) {
      Set<String> seenTargets = new HashSet<>();
      for (ScenarioAction a : s.actions()) {
        if (!packages.contains(a.target()) && seenTargets.add(a.target())) {
          unknown.add(new UnknownTarget(s, a));
        }
      }
    }
    return unknown;
  }

  /**
   * Whether {@code other} read the same files with the same text: it builds into the same rule base
   * (with the same options), so one built from it serves this set too.
   */
  public boolean sameFilesAs(RuleSet other) {
    return other != null
        && maxBytes == other.maxBytes
        && strict == other.strict
        && files.equals(other.files)
        && texts.equals(other.texts)
        && problems.equals(other.problems);
  }
}
