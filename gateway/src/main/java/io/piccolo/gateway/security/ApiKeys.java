package io.piccolo.gateway.security;

import java.util.List;
import java.util.Optional;

/** The configured API keys; none means the server is for the local machine only. */
public record ApiKeys(List<ApiKey> keys) {
  public static final ApiKeys NONE = new ApiKeys(List.of());

  public ApiKeys {
    keys = List.copyOf(keys);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  public int size() {
    return keys.size();
  }

  public Optional<ApiKey> named(String name) {
    return keys.stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /**
   * The key whose secret was presented. Every key is checked, whatever matched, so the time taken
   * does not tell how many keys there are before the right one.
   */
  public Optional<ApiKey> authenticate(String secret) {
    ApiKey found = null;
    for (ApiKey key : keys) {
      if (KeySecrets.matches(secret, key.hash()) && found == null) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }
}
