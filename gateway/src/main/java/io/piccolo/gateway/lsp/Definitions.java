package io.piccolo.gateway.lsp;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Where a scenario's {@code target:} is defined: the {@code kind: Package} of that name. */
final class Definitions {
  private static final Pattern TARGET = Pattern.compile("\\btarget\\s*:\\s*[\"']?([\\w.-]+)");

  private Definitions() {}

  /**
   * @param file the file the position is in
   * @param open the open documents' texts by URI, read instead of their files
   */
  static List<Location> at(
      String text, int line, int column, Workspace workspace, Path file, Map<String, String> open) {
    String target = targetAt(TextEdits.line(text, line), column);
    if (target == null) {
      return List.of();
    }
    List<Location> found = new ArrayList<>();
    workspace
        .sources(file, open, List.of(".yaml", ".yml"))
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

  private static Location location(String uri, Node.Scalar name) {
    Position start = new Position(name.line() - 1, name.column() - 1);
    Position end = new Position(name.line() - 1, name.column() - 1 + name.text().length());
    return new Location(uri, new Range(start, end));
  }
}
