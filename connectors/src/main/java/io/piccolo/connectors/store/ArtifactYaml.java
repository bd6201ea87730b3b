package io.piccolo.connectors.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import io.piccolo.connectors.yaml.PlainScalars;
import io.piccolo.connectors.yaml.Trees;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import java.util.List;

/** Artifact documents as YAML, the form Pullpiri stores under {@code Kind/name}, and as JSON. */
public final class ArtifactYaml {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .stringQuotingChecker(new RoundTripQuoting())
              .build());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ArtifactYaml() {}

  public static String yaml(JsonNode document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes as YAML", e);
    }
  }

  public static String json(JsonNode document) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always writes", e);
    }
  }

  /**
   * Read back by the same scalar typing as every artifact file, so a stored value stays as written.
   */
  static JsonNode parse(String yaml) throws StoreException {
    try {
      List<YamlDocuments.Document> documents = YamlDocuments.parse(yaml);
      if (documents.isEmpty()) {
        throw new StoreException("a stored artifact is empty");
      }
      return Trees.toJson(documents.get(0).root());
    } catch (YamlException e) {
      throw new StoreException("a stored artifact is not YAML: " + e.getMessage(), e);
    }
  }

  /** Quotes every text that, unquoted, {@link PlainScalars} would read as something else. */
  private static final class RoundTripQuoting extends StringQuotingChecker.Default {
    @Override
    public boolean needToQuoteValue(String value) {
      return super.needToQuoteValue(value) || PlainScalars.readsAsOtherThanText(value);
    }
  }
}
