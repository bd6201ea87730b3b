package io.piccolo.gateway.lsp;

import io.piccolo.connectors.files.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The folders an editor opened (its workspace roots), and the texts of their files: the open
 * documents as typed, the rest as on disk. A file outside every root stands with its own folder.
 */
final class Workspace {
  /** Larger files are not rule files an author edits; reading them would stall the editor. */
  private static final long MAX_FILE_BYTES = 1 << 20;

  private final List<Path> roots;

  Workspace(List<Path> roots) {
    this.roots = roots.stream().map(r -> r.toAbsolutePath().normalize()).toList();
  }

  static Path path(String uri) {
    return Path.of(URI.create(uri)).toAbsolutePath().normalize();
  }

  /** The innermost root holding the file, or the file's folder. */
  Path rootOf(Path file) {
    Path found = null;
    for (Path root : roots) {
      if (file.startsWith(root) && (found == null || root.startsWith(found))) {
        found = root;
      }
    }
    return found != null ? found : file.getParent();
  }

  /**
   * The texts of the files of every root (and of the folder of {@code near} when no root holds it)
   * whose names end with one of {@code endings}, by URI: the open ones as typed, the rest as on
   * disk; build output and hidden folders are skipped.
   */
  Map<String, String> sources(Path near, Map<String, String> open, List<String> endings) {
    Map<String, String> sources = new LinkedHashMap<>();
    open.forEach(
        (uri, text) -> {
          if (endings.stream().anyMatch(uri::endsWith)) {
            sources.put(uri, text);
          }
        });
    Set<Path> opened = new HashSet<>();
    open.keySet().forEach(uri -> opened.add(path(uri)));
    Set<Path> folders = new LinkedHashSet<>(roots);
    folders.add(rootOf(near));
    for (Path folder : folders) {
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(folder)) {
        files
            .filter(f -> !RuleSet.isCopy(folder.relativize(f)))
            .filter(f -> endings.stream().anyMatch(f.toString()::endsWith))
            .filter(f -> !opened.contains(f))
            .forEach(f -> sources.putIfAbsent(f.toUri().toString(), read(f)));
      } catch (IOException | UncheckedIOException e) {
        // a folder that cannot be walked has nothing to offer; the open documents remain
      }
    }
    return sources;
  }

  private static String read(Path file) {
    try {
      return Files.size(file) > MAX_FILE_BYTES ? "" : Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
