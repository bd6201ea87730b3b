package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.FolderClassCache;
import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.vss.ValueCheck;
import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.engine.rulebase.CompiledClassCache;
import io.piccolo.engine.rulebase.CompiledPackages;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.gateway.serve.RuleCompiler;
import io.piccolo.gateway.settings.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every command that builds rules shares, and the build itself. */
final class RuleLoading {
  @Option(
      names = "--vss",
      paramLabel = "FILE",
      description = "VSS catalogue (COVESA JSON) to check signal paths against")
  Path vss;

  @Option(
      names = "--strict",
      description =
          "treat unknown fields in artifacts, and (with --vss) signal paths missing from the"
              + " catalogue and values a signal cannot take, as errors")
  boolean strict;

  @Option(
      names = "--verbose",
      description = "print every warning; without it, repeats of one kind beyond 3 are one line")
  boolean verbose;

  private VssCatalogue catalogue;

  @Option(
      names = "--event-retention",
      paramLabel = "DURATION",
      description =
          "longest a SignalEvent stays in the session when no window bounds it (setting"
              + " evaluation.event-retention, default 10m)")
  String eventRetention;

  @Option(
      names = "--sandbox-allow",
      paramLabel = "ENTRY",
      split = ",",
      description =
          "also allow rules to use this class (a.b.C), package (a.b.*) or member (a.b.C#m);"
              + " repeatable; replaces the setting rules.sandbox.allow")
  List<String> sandboxAllow;

  @Mixin SettingsOption config;

  /** The settings file with this command's options on top. */
  Settings settings() {
    config.override(Settings.EVENT_RETENTION, eventRetention, "--event-retention");
    if (sandboxAllow != null) {
      config.override(Settings.SANDBOX_ALLOW, String.join(",", sandboxAllow), "--sandbox-allow");
    }
    return config.settings();
  }

  /** A path that does not exist is bad input (exit 2), not a rule problem. */
  static void requireExisting(List<Path> paths) {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new UserError(UserError.BAD_INPUT, p + ": no such file or folder");
      }
    }
  }

  /** Problems sorted by file and line, errors and warnings alike. */
  static List<Problem> sorted(List<Problem> problems) {
    List<Problem> out = new ArrayList<>(problems);
    out.sort(
        Comparator.comparing(Problem::file)
            .thenComparingInt(Problem::line)
            .thenComparingInt(Problem::column));
    return out;
  }

  /** The rule files under {@code paths}, read as this command's options say. */
  RuleSet load(List<Path> paths) {
    return RuleSet.load(paths, settings().get(Settings.TEXT_FILE_SIZE), strict);
  }

  /** The catalogue named by --vss, read once; null without one. */
  VssCatalogue catalogue() {
    if (vss != null && catalogue == null) {
      try {
        catalogue = VssCatalogue.load(vss);
      } catch (IOException e) {
        throw new UserError(UserError.BAD_INPUT, e.getMessage());
      }
    }
    return catalogue;
  }

  RuleBaseBuilder builder(RuleSet set) {
    RuleBaseBuilder builder = withSettings(set.builder(), settings());
    if (catalogue() != null) {
      builder.checkPaths(catalogue()::contains, strict);
    }
    return builder;
  }

  /**
   * Builds, then prints every problem of every file; any error ends the command with exit code 1.
   */
  RuleBase build(RuleSet set, PrintWriter err) {
    Checked checked = check(set);
    print(checked.problems(), err);
    if (checked.ruleBase() == null) {
      throw new UserError(1, "rules have errors; nothing was run");
    }
    return checked.ruleBase();
  }

  /** Every problem in file and line order, repeated warnings of one kind folded. */
  void print(List<Problem> problems, PrintWriter out) {
    WarningFold fold = new WarningFold(verbose);
    sorted(problems).forEach(fold::add);
    fold.print(out);
  }

  /** A rule base when there was no error, and every problem found either way. */
  record Checked(RuleBase ruleBase, List<Problem> problems) {}

  /** Compiles whatever can be compiled even when some files are broken, to report everything. */
  Checked check(RuleSet set) {
    return check(set, builder(set), valueProblems(set));
  }

  /** As {@link #check}, keeping what {@code earlier} compiled where nothing changed. */
  Checked check(RuleSet set, RuleBase earlier) {
    return check(set, builder(set).rebuildOf(earlier), valueProblems(set));
  }

  /** As {@link #check}, taking and leaving compiled packages in {@code pool}. */
  Checked check(RuleSet set, CompiledPackages pool) {
    return check(set, builder(set).sharePackages(pool), valueProblems(set));
  }

  /** Values the catalogue says their signals cannot take; none without a catalogue. */
  private List<Problem> valueProblems(RuleSet set) {
    return catalogue() == null ? List.of() : ValueCheck.check(set.scenarios(), catalogue(), strict);
  }

  private static Checked check(RuleSet set, RuleBaseBuilder builder, List<Problem> values) {
    List<Problem> problems = new ArrayList<>(set.problems());
    problems.addAll(values);
    boolean valueErrors = values.stream().anyMatch(Problem::isError);
    RuleBase ruleBase = null;
    try {
      ruleBase = builder.build();
      problems.addAll(ruleBase.warnings());
    } catch (RuleBaseException e) {
      problems.addAll(e.problems());
    }
    return new Checked(set.hasErrors() || valueErrors ? null : ruleBase, problems);
  }

  /** As {@link #check}, with these settings and no catalogue, for a server's rule reloads. */
  static RuleCompiler.Compiled compile(RuleSet set, RuleBase earlier, Settings settings) {
    RuleBaseBuilder builder = withSettings(set.builder(), settings).rebuildOf(earlier);
    Checked checked = check(set, builder, List.of());
    return new RuleCompiler.Compiled(checked.ruleBase(), sorted(checked.problems()));
  }

  private static RuleBaseBuilder withSettings(RuleBaseBuilder builder, Settings settings) {
    builder.eventRetention(settings.get(Settings.EVENT_RETENTION).toMillis());
    builder.sandbox(SandboxPolicy.defaults().allow(settings.get(Settings.SANDBOX_ALLOW)));
    builder.classCache(classCache(settings));
    return builder;
  }

  /** The compiled class cache the settings name, or null when they turn it off. */
  static CompiledClassCache classCache(Settings settings) {
    Path folder = settings.get(Settings.RULES_CACHE);
    return folder == null ? null : new FolderClassCache(folder, FolderClassCache.DEFAULT_MAX_BYTES);
  }
}
