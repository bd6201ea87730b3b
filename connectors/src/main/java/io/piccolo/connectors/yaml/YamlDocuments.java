package io.piccolo.connectors.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads every document of a YAML stream into located {@link Node} trees. */
public final class YamlDocuments {
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .build();

  private YamlDocuments() {}

  /** One document of a file, numbered from 1, with the line it starts on. */
  public record Document(int index, Node root, int line) {}

  /**
   * Parses all documents of {@code text}. Empty documents (a lone {@code ---}) are skipped but
   * still counted, so document numbers match what an editor shows.
   *
   * @throws YamlException naming the line and column of a syntax error
   */
  public static List<Document> parse(String text) throws YamlException {
    List<Document> plain = PlainBlockYaml.parse(text);
    return plain != null ? plain : parseFully(text);
  }

  /** {@link #parse} by the full YAML reader, for every text; package-private for tests. */
  static List<Document> parseFully(String text) throws YamlException {
    List<Document> documents = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(text)) {
      int index = 0;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        index++;
        JsonLocation at = parser.currentTokenLocation();
        Node root = read(parser, token, text);
        if (!(root instanceof Node.Scalar s && s.isNull())) {
          documents.add(new Document(index, root, at.getLineNr()));
        }
      }
    } catch (YamlException e) {
      throw e;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new YamlException(
          at == null ? 1 : at.getLineNr(),
          at == null ? 1 : at.getColumnNr(),
          oneLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new YamlException(1, 1, e.getMessage());
    }
    return documents;
  }

  /** Whether the scalar at {@code at} starts with its own text rather than a quote or tag. */
  private static boolean unquoted(String source, JsonLocation at) {
    long codePoints = at.getCharOffset(); // the YAML reader counts code points
    if (codePoints < 0 || codePoints > source.length()) {
      return false;
    }
    try {
      int index = source.offsetByCodePoints(0, (int) codePoints);
      return index < source.length() && Character.isLetter(source.charAt(index));
    } catch (IndexOutOfBoundsException e) {
      return false;
    }
  }

  /** Parser messages span lines and point with carets; a message here is one line. */
  private static String oneLine(String message) {
    String text = message == null ? "syntax error" : message;
    // drop SnakeYAML's quoted excerpt with its caret line; the position is in the location
    text = text.replaceAll("(?s)\\s*in 'reader', line \\d+, column \\d+:\\n.*?\\^\\n?", " ");
    return text.replaceAll("\\s+", " ").trim();
  }

  private static Node read(JsonParser p, JsonToken token, String source)
      throws IOException, YamlException {
    JsonLocation at = p.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (p instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      // the parser hands an alias over as its anchor's name, which would silently be a value
      throw new YamlException(
          line, column, "YAML aliases (*" + p.getText() + ") are not supported; write the value");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, Node> entries = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
          String key = p.currentName();
          entries.put(key, read(p, p.nextToken(), source));
        }
        return new Node.MapNode(entries, line, column);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          items.add(read(p, t, source));
        }
        return new Node.ListNode(items, line, column);
      }
      case VALUE_NULL -> {
        return new Node.Scalar(null, line, column);
      }
      case VALUE_STRING -> {
        String text = p.getText();
        // YAML reads only true/True/TRUE as booleans; the rule here is any case, when unquoted
        boolean mixedCaseBoolean =
            (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))
                && unquoted(source, at);
        return new Node.Scalar(mixedCaseBoolean ? PlainScalars.type(text) : text, line, column);
      }
      case VALUE_TRUE, VALUE_FALSE, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        // only unquoted scalars become these tokens; type them by this project's rule, not YAML
        // 1.1's
        return new Node.Scalar(PlainScalars.type(p.getText()), line, column);
      }
      default -> {
        return new Node.Scalar(p.getText(), line, column);
      }
    }
  }
}
