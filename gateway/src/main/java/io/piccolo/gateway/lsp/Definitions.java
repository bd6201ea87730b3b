package io.piccolo.gateway.lsp;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Where a scenario's {@code target:} is defined: the {@code kind: Package} of that name. */
final class Definitions {
  private static final Pattern TARGET = Pattern.compile("\\btarget\\s*:\\s*[\"']?([\\w.-]+)");

  /** Larger files are not rule files an author edits; reading them would stall the editor. */
  private static final long MAX_FILE_BYTES = 1 << 20;

  private Definitions() {}

  /**
   * @param folder the workspace folder searched on disk
   * @param open the open documents' texts by URI, read instead of their files
   */
  static List<Location> at(
      String text, int line, int column, Path folder, Map<String, String> open) {
    String target = targetAt(TextEdits.line(text, line), column);
    if (target == null) {
      return List.of();
    }
    List<Location> found = new ArrayList<>();
    sources(folder, open)
        .forEach(
            (uri, source) -> {
              for (YamlDocuments.Document d : RuleDocuments.of(source)) {
                if (RuleDocuments.kind(d).equals("Package")) {
                  RuleDocuments.name(d)
                      .filter(name -> name.text().equals(target))
                      .ifPresent(name -> found.add(location(uri, name)));
                }
              }
            });
    return found;
  }

  private static String targetAt(String line, int column) {
    Matcher m = TARGET.matcher(line);
    while (m.find()) {
      if (column >= m.start(1) && column <= m.end(1)) {
        return m.group(1);
      }
    }
    return null;
  }

  private static Map<String, String> sources(Path folder, Map<String, String> open) {
    Map<String, String> sources = new LinkedHashMap<>();
    open.forEach(
        (uri, text) -> {
          if (uri.endsWith(".yaml") || uri.endsWith(".yml")) {
            sources.put(uri, text);
          }
        });
    if (folder == null || !Files.isDirectory(folder)) {
      return sources;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files
          .filter(f -> !skipped(folder.relativize(f)))
          .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .forEach(f -> sources.computeIfAbsent(f.toUri().toString(), k -> read(f)));
    } catch (IOException | UncheckedIOException e) {
      // a folder that cannot be walked has no definitions to offer; the open documents remain
    }
    return sources;
  }

  /** Build output and hidden folders hold copies, not the definitions an author means. */
  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.equals("target") || name.equals("node_modules")) {
        return true;
      }
    }
    return false;
  }

  private static String read(Path file) {
    try {
      return Files.size(file) > MAX_FILE_BYTES ? "" : Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }

  private static Location location(String uri, Node.Scalar name) {
    Position start = new Position(name.line() - 1, name.column() - 1);
    Position end = new Position(name.line() - 1, name.column() - 1 + name.text().length());
    return new Location(uri, new Range(start, end));
  }
}
