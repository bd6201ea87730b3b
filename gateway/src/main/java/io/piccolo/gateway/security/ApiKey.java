package io.piccolo.gateway.security;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * One configured API key: its name, role and the hash of its secret (never the secret itself), and
 * an optional rate limit of its own.
 *
 * @param hash as {@link KeySecrets#hash} writes it: {@code sha256:SALT:DIGEST}
 * @param rate requests per second this key may send, when it differs from the server's setting
 * @param burst requests it may send at once, when it differs from the server's setting
 */
public record ApiKey(String name, Role role, String hash, OptionalInt rate, OptionalInt burst) {
  public ApiKey(String name, Role role, String hash) {
    this(name, role, hash, OptionalInt.empty(), OptionalInt.empty());
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Why a key name cannot be used, or empty when it can. */
  public static Optional<String> nameProblem(String name) {
    return NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of(
            "'"
                + name
                + "' is not a key name: use ASCII letters, digits, '.', '_' and '-', starting"
                + " with a letter or digit, at most 64 characters");
  }

  public Caller caller() {
    return new Caller(name, role);
  }
}
