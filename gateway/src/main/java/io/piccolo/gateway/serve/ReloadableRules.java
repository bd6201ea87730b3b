package io.piccolo.gateway.serve;

import java.nio.file.Path;
import java.util.List;

/**
 * The rule files a server was started with, so they can be read, changed and rebuilt while it runs.
 *
 * @param paths the files and folders, as given at start
 * @param compiler how they are built
 * @param watch whether changes on disk are followed
 * @param strict whether artifact fields nothing reads are errors, as they were at start
 */
public record ReloadableRules(
    List<Path> paths, RuleCompiler compiler, boolean watch, boolean strict) {
  public ReloadableRules {
    paths = List.copyOf(paths);
  }

  /** Rules whose artifacts are read leniently. */
  public ReloadableRules(List<Path> paths, RuleCompiler compiler, boolean watch) {
    this(paths, compiler, watch, false);
  }
}
