package io.piccolo.gateway.lsp;

import io.piccolo.connectors.vss.VssCatalogue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * What may be written at a position: VSS paths after {@code signal:} or {@code path == "},
 * operators after {@code op:}, a scenario's or a spec's keys, a rule's fact types and fields.
 */
final class Completions {
  static final int MAX_ITEMS = 200;
  private static final Pattern PATH_PLACE =
      Pattern.compile("(?:signal:\\s*[\"']?|path\\s*==\\s*\")([\\w.]*)$");
  private static final Pattern OP_PLACE = Pattern.compile("\\bop:\\s*(\\w*)$");
  private static final List<String> OPS = List.of("eq", "ne", "lt", "le", "gt", "ge");

  private final VssCatalogue catalogue;

  Completions(VssCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /**
   * @param file the document's file, whose name says what it holds
   * @param declared the workspace's declared DRL types, asked for only in a DRL file
   */
  CompletionList at(
      Path file,
      String text,
      int line,
      int column,
      Supplier<Map<String, Map<String, String>>> declared) {
    String before = TextEdits.line(text, line);
    before = before.substring(0, Math.min(column, before.length()));
    List<CompletionItem> items = new ArrayList<>();
    Matcher path = PATH_PLACE.matcher(before);
    Matcher op = OP_PLACE.matcher(before);
    boolean incomplete = false;
    if (path.find() && catalogue != null) {
      String prefix = path.group(1);
      List<String> paths =
          catalogue.paths().stream().filter(p -> p.startsWith(prefix)).sorted().toList();
      incomplete = paths.size() > MAX_ITEMS;
      Range typed =
          new Range(new Position(line, column - prefix.length()), new Position(line, column));
      for (String p : paths.subList(0, Math.min(MAX_ITEMS, paths.size()))) {
        VssCatalogue.Leaf leaf = catalogue.leaf(p);
        CompletionItem item = new CompletionItem(p);
        item.setKind(CompletionItemKind.Field);
        item.setDetail(leaf.datatype() + (leaf.unit().isEmpty() ? "" : " (" + leaf.unit() + ")"));
        item.setTextEdit(Either.forLeft(new TextEdit(typed, p)));
        items.add(item);
      }
    } else if (op.find()) {
      for (String o : OPS) {
        if (o.startsWith(op.group(1))) {
          CompletionItem item = new CompletionItem(o);
          item.setKind(CompletionItemKind.Operator);
          items.add(item);
        }
      }
    } else {
      String name = file.getFileName().toString();
      if (name.endsWith(".drl")) {
        items.addAll(DrlCompletions.at(text, line, column, declared.get()));
      } else if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        items.addAll(KeyCompletions.at(name.contains(".spec."), text, line, column));
      }
    }
    return new CompletionList(incomplete, items);
  }
}
