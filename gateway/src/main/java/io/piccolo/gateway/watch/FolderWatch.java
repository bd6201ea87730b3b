package io.piccolo.gateway.watch;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Follows folders (and the folders of files named on their own), new sub-folders included, and
 * hands over the paths that changed once they have been quiet for the debounce: an editor's save (a
 * write, a rename over the file, or a delete and a create) is then one call. Used by {@code serve
 * --watch} and {@code rules watch}.
 */
public final class FolderWatch implements AutoCloseable {
  private final List<Path> paths;
  private final long debounceNanos;
  private final Consumer<Set<Path>> quiet;
  private final Consumer<String> problem;
  private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
  private final boolean followsFolders;
  private WatchService watch;

  /**
   * @param quiet called on the watch's own thread with the absolute paths created, changed or
   *     deleted since its last call, once nothing changed for {@code debounce}
   * @param problem a folder that could not be followed, as a sentence
   */
  public FolderWatch(
      List<Path> paths, Duration debounce, Consumer<Set<Path>> quiet, Consumer<String> problem) {
    this.paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.debounceNanos = debounce.toNanos();
    this.quiet = quiet;
    this.problem = problem;
    this.followsFolders = this.paths.stream().anyMatch(Files::isDirectory);
  }

  /** Registers every folder, then follows them on a daemon thread named {@code threadName}. */
  public void start(String threadName) throws IOException {
    watch = FileSystems.getDefault().newWatchService();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        registerTree(p);
      } else {
        register(p.getParent());
      }
    }
    Thread thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
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
    Set<Path> changed = new LinkedHashSet<>();
    try {
      while (true) {
        long left = due - System.nanoTime();
        WatchKey key =
            due == 0 ? watch.take() : left <= 0 ? null : watch.poll(left, TimeUnit.NANOSECONDS);
        if (key != null) {
          took(key, changed);
          due = System.nanoTime() + debounceNanos;
        } else if (due != 0 && System.nanoTime() - due >= 0) {
          due = 0;
          Set<Path> batch = Set.copyOf(changed);
          changed.clear();
          quiet.accept(batch);
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed
    }
  }

  /** Notes what changed; a new sub-folder is followed too, and what it already holds counts. */
  private void took(WatchKey key, Set<Path> changed) {
    Path dir = folders.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (dir == null || !(event.context() instanceof Path name)) {
        continue; // an overflow: the next call still comes, with what is known
      }
      Path path = dir.resolve(name);
      changed.add(path);
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
          && followsFolders
          && Files.isDirectory(path)) {
        try {
          registerTree(path);
          try (Stream<Path> walk = Files.walk(path)) {
            walk.forEach(changed::add);
          }
        } catch (IOException e) {
          problem.accept("cannot watch " + path + ": " + e.getMessage());
        }
      }
    }
    if (!key.reset()) {
      folders.remove(key);
    }
  }

  /** Stops following; a call under way finishes first. */
  @Override
  public void close() throws IOException {
    if (watch != null) {
      watch.close();
    }
  }
}
