package io.piccolo.gateway.serve;

import java.nio.file.Path;
import java.util.List;

/**
 * The rule files a server was started with, so they can be read, changed and rebuilt while it runs.
 *
 * @param paths the files and folders, as given at start
 * @param compiler how they are built
 * @param watch whether changes on disk are followed
 */
public record ReloadableRules(List<Path> paths, RuleCompiler compiler, boolean watch) {
  public ReloadableRules {
    paths = List.copyOf(paths);
  }
}
