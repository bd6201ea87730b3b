package io.piccolo.connectors.files;

import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleSource;
import io.piccolo.engine.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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
  private final Set<Path> seen = new java.util.HashSet<>();

  private final long maxBytes;
  private final boolean strict;

  /** One file read as if it held other text (null: as if it were gone), for a check first. */
  private final Path changed;

  private final String changedText;

  private RuleSet(long maxBytes, boolean strict, Path changed, String changedText) {
    this.maxBytes = maxBytes;
    this.strict = strict;
    this.changed = changed == null ? null : changed.toAbsolutePath().normalize();
    this.changedText = changedText;
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
    RuleSet set = new RuleSet(maxBytes, strict, changed, text);
    for (Path path : paths) {
      set.add(path);
    }
    return set;
  }

  private boolean isChanged(Path file) {
    return changed != null && file.toAbsolutePath().normalize().equals(changed);
  }

  private void add(Path path) {
    if (!Files.exists(path)) {
      problems.add(Problem.error(path.toString(), 1, 1, "no such file or folder"));
      return;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        List<Path> found =
            new ArrayList<>(walk.filter(Files::isRegularFile).filter(RuleSet::isRuleFile).toList());
        Path root = path.toAbsolutePath().normalize();
        if (changedText != null
            && changed.startsWith(root)
            && found.stream().noneMatch(this::isChanged)) {
          found.add(path.resolve(root.relativize(changed))); // named as its neighbours are
        }
        found.stream().sorted().forEach(this::read);
      } catch (IOException e) {
        problems.add(Problem.error(path.toString(), 1, 1, "cannot list folder: " + e.getMessage()));
      }
      return;
    }
    if (!isRuleFile(path)) {
      problems.add(
          Problem.error(path.toString(), 1, 1, "not a rule file (expected .drl, .yaml or .yml)"));
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
    if (!seen.add(file.toAbsolutePath().normalize())) {
      return; // named twice, e.g. a file and its folder: read once
    }
    String text;
    try {
      if (isChanged(file)) {
        if (changedText == null) {
          return;
        }
        text = changedText;
      } else {
        text = TextFiles.readUtf8(file, maxBytes, "limits.text-file-size");
      }
    } catch (TextFiles.UnreadableText e) {
      problems.add(Problem.error(file.toString(), e.line(), 1, e.detail()));
      return;
    } catch (IOException e) {
      problems.add(Problem.error(file.toString(), 1, 1, "cannot read: " + e.getMessage()));
      return;
    }
    files.add(file);
    if (file.getFileName().toString().endsWith(".drl")) {
      drl.add(new RuleSource(file.toString(), text));
      return;
    }
    ArtifactFile.Content content = ArtifactFile.read(file.toString(), text, strict);
    scenarios.addAll(content.scenarios());
    content.artifacts().stream()
        .filter(a -> a.kind().equals("Package"))
        .forEach(a -> packages.add(a.name()));
    problems.addAll(content.problemsForRules());
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
}
