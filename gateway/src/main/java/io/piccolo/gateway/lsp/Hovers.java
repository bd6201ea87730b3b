package io.piccolo.gateway.lsp;

import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.engine.index.ScenarioIndex;
import io.piccolo.engine.rulebase.RuleBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;

/**
 * What a position means: a VSS path's catalogue entry, or, on a scenario's name or {@code when},
 * what {@code rules check --explain} says the scenario compiled into.
 */
final class Hovers {
  private static final Pattern WHEN_KEY = Pattern.compile("^\\s*(?:-\\s*)?when\\s*:.*");

  private final VssCatalogue catalogue;

  Hovers(VssCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  /**
   * @param ruleBase the folder's last rule base that built, or null
   */
  Optional<Hover> at(String text, int line, int column, RuleBase ruleBase) {
    Range word = TextEdits.wordAt(text, line, column);
    String l = TextEdits.line(text, line);
    String token = l.substring(word.getStart().getCharacter(), word.getEnd().getCharacter());
    if (catalogue != null && catalogue.contains(token)) {
      return Optional.of(hover(signal(catalogue.leaf(token)), word));
    }
    return scenarioAt(text, line, column, token, l)
        .flatMap(name -> explain(ruleBase, name))
        .map(explanation -> hover("```\n" + explanation + "```", word));
  }

  /** The name of the scenario whose name or {@code when} key is under the position. */
  private static Optional<String> scenarioAt(
      String text, int line, int column, String token, String lineText) {
    Optional<YamlDocuments.Document> document = RuleDocuments.at(RuleDocuments.of(text), line);
    if (document.isEmpty() || !RuleDocuments.kind(document.get()).equals("Scenario")) {
      return Optional.empty();
    }
    Optional<Node.Scalar> name = RuleDocuments.name(document.get());
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Node.Scalar n = name.get();
    int from = n.column() - 1;
    boolean onName =
        n.line() - 1 == line && column >= from && column <= from + n.text().length() + 2;
    boolean onWhen = token.equals("when") && WHEN_KEY.matcher(lineText).matches();
    return onName || onWhen ? Optional.of(n.text()) : Optional.empty();
  }

  /** The scenario's paragraph of {@code rules check --explain}, numbered as there. */
  static Optional<String> explain(RuleBase ruleBase, String scenario) {
    if (ruleBase == null) {
      return Optional.empty();
    }
    String head = "scenario " + scenario + "  (";
    for (String paragraph : new ScenarioIndex(ruleBase.scenarios()).explain().split("\n\n")) {
      if (paragraph.startsWith(head)) {
        return Optional.of(paragraph.strip() + "\n");
      }
    }
    return Optional.empty();
  }

  private static String signal(VssCatalogue.Leaf leaf) {
    List<String> facts = new ArrayList<>();
    facts.add(leaf.type());
    facts.add(leaf.datatype());
    if (!leaf.unit().isEmpty()) {
      facts.add("unit " + leaf.unit());
    }
    if (!Double.isNaN(leaf.min())) {
      facts.add("min " + number(leaf.min()));
    }
    if (!Double.isNaN(leaf.max())) {
      facts.add("max " + number(leaf.max()));
    }
    StringBuilder out = new StringBuilder("**" + leaf.path() + "**: " + String.join(", ", facts));
    if (!leaf.allowed().isEmpty()) {
      out.append("\n\nallowed: ").append(String.join(", ", leaf.allowed()));
    }
    if (!leaf.description().isEmpty()) {
      out.append("\n\n").append(leaf.description());
    }
    return out.toString();
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static Hover hover(String markdown, Range range) {
    return new Hover(new MarkupContent(MarkupKind.MARKDOWN, markdown), range);
  }
}
