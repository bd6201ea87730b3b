package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Where PHAROS finds Network artifacts: the store {@code serve} follows, or a test's own. */
@FunctionalInterface
public interface NetworkCatalog {
  /**
   * @return the Network's {@code spec}, or empty when no Network of that name is stored
   * @throws Exception when the store cannot be read; the work fails with its message
   */
  Optional<JsonNode> spec(String name) throws Exception;
}
