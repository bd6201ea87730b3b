package io.piccolo.gateway.lsp;

import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import java.util.List;
import java.util.Optional;

/** The YAML documents of a rule file as an editor needs them: by kind, name and line. */
final class RuleDocuments {
  private RuleDocuments() {}

  /** The documents of {@code text}; none when it does not parse (diagnostics say why). */
  static List<YamlDocuments.Document> of(String text) {
    try {
      return YamlDocuments.parse(text);
    } catch (YamlException e) {
      return List.of();
    }
  }

  /** The document the 0-based {@code line} is in: the last one starting on or before it. */
  static Optional<YamlDocuments.Document> at(List<YamlDocuments.Document> documents, int line) {
    YamlDocuments.Document found = null;
    for (YamlDocuments.Document d : documents) {
      if (d.line() - 1 <= line) {
        found = d;
      }
    }
    return Optional.ofNullable(found);
  }

  static String kind(YamlDocuments.Document d) {
    return d.root() instanceof Node.MapNode m && m.get("kind") instanceof Node.Scalar s
        ? s.text()
        : "";
  }

  /** The {@code metadata.name} scalar, if the document has one. */
  static Optional<Node.Scalar> name(YamlDocuments.Document d) {
    return d.root() instanceof Node.MapNode m
            && m.get("metadata") instanceof Node.MapNode meta
            && meta.get("name") instanceof Node.Scalar s
            && !s.isNull()
        ? Optional.of(s)
        : Optional.empty();
  }
}
