package io.piccolo.gateway.serve;

import io.piccolo.gateway.watch.FolderWatch;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code serve --watch}: rebuilds the rules each time the rule folders (and the folders of rule
 * files named on their own) have been quiet for the debounce after a change, so an editor's save is
 * one reload. What a reload found wrong is logged, and the running rules stay.
 */
final class RuleWatcher implements Part {
  private final RuleReloads reloads;
  private final PrintWriter log;
  private final FolderWatch watch;

  RuleWatcher(List<Path> paths, RuleReloads reloads, Duration debounce, PrintWriter log) {
    this.reloads = reloads;
    this.log = log;
    this.watch = new FolderWatch(paths, debounce, changed -> reload(), this::problem);
  }

  @Override
  public String name() {
    return "rule watch";
  }

  @Override
  public Future<Void> start() {
    try {
      watch.start("piccolo-rule-watch");
    } catch (IOException e) {
      return Future.failedFuture("cannot watch the rule folders: " + e.getMessage());
    }
    return Future.succeededFuture();
  }

  private void problem(String message) {
    log.println("piccolo serve: " + message);
    log.flush();
  }

  /** What changed is worked out by the rebuild itself, from the files' texts. */
  private void reload() {
    try {
      reloads.fromDisk(); // logs its outcome
    } catch (RuleReloads.DiskProblem | RuntimeException e) {
      log.println("piccolo serve: rules not reloaded: " + e.getMessage());
      log.flush();
    }
  }

  @Override
  public Future<Void> stop() {
    try {
      watch.close();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture();
  }
}
