package io.piccolo.gateway.serve;

import io.vertx.core.Future;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code serve --watch}: follows the rule folders (and the folders of rule files named on their
 * own) and rebuilds the rules once they have been quiet for the debounce, so an editor's save (a
 * write, often a rename) is one reload. What a reload found wrong is logged, and the running rules
 * stay.
 */
final class RuleWatcher implements Part {
  private final List<Path> paths;
  private final RuleReloads reloads;
  private final long debounceNanos;
  private final PrintWriter log;
  private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
  private WatchService watch;

  RuleWatcher(List<Path> paths, RuleReloads reloads, Duration debounce, PrintWriter log) {
    this.paths = paths;
    this.reloads = reloads;
    this.debounceNanos = debounce.toNanos();
    this.log = log;
  }

  @Override
  public String name() {
    return "rule watch";
  }

  @Override
  public Future<Void> start() {
    try {
      watch = FileSystems.getDefault().newWatchService();
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          registerTree(p);
        } else {
          register(p.toAbsolutePath().getParent());
        }
      }
    } catch (IOException e) {
      return Future.failedFuture("cannot watch the rule folders: " + e.getMessage());
    }
    Thread thread = new Thread(this::loop, "piccolo-rule-watch");
    thread.setDaemon(true);
    thread.start();
    return Future.succeededFuture();
  }

  private void registerTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path dir : walk.filter(Files::isDirectory).toList()) {
        register(dir);
      }
    }
  }

  private void register(Path dir) throws IOException {
    WatchKey key =
        dir.register(
            watch,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    folders.put(key, dir);
  }

  private void loop() {
    long due = 0; // when the folders will have been quiet long enough; 0: nothing pending
    try {
      while (true) {
        long left = due - System.nanoTime();
        WatchKey key =
            due == 0 ? watch.take() : left <= 0 ? null : watch.poll(left, TimeUnit.NANOSECONDS);
        if (key != null) {
          took(key);
          due = System.nanoTime() + debounceNanos;
        } else if (due != 0 && System.nanoTime() - due >= 0) {
          due = 0;
          reload();
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // stopped
    }
  }

  /** New subfolders are followed too; what changed is worked out when the rules are rebuilt. */
  private void took(WatchKey key) {
    Path dir = folders.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (dir != null
          && event.kind() == StandardWatchEventKinds.ENTRY_CREATE
          && event.context() instanceof Path name
          && Files.isDirectory(dir.resolve(name))
          && paths.stream().anyMatch(Files::isDirectory)) {
        try {
          registerTree(dir.resolve(name));
        } catch (IOException e) {
          log.println("piccolo serve: cannot watch " + dir.resolve(name) + ": " + e.getMessage());
        }
      }
    }
    if (!key.reset()) {
      folders.remove(key);
    }
  }

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
      if (watch != null) {
        watch.close(); // the thread ends at its next look; a reload under way finishes first
      }
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    return Future.succeededFuture();
  }
}
