package io.piccolo.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Makes API key secrets and their hashes, and checks a presented secret against a hash.
 *
 * <p>The hash is one salted SHA-256, not a slow password hash (bcrypt, scrypt, Argon2): those exist
 * to make guessing a human-chosen password expensive. A secret here is 32 bytes from {@link
 * SecureRandom}, so there is nothing to guess (2^256 candidates) and a fast hash loses nothing,
 * while it keeps checking a key on every request cheap. The salt makes equal secrets hash
 * differently, so a leaked settings file shows nothing about which keys are shared.
 */
public final class KeySecrets {
  private static final String SCHEME = "sha256";
  private static final String SECRET_PREFIX = "piccolo_";
  private static final int SECRET_BYTES = 32;
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

  private KeySecrets() {}

  /** A new secret: shown once to whoever makes the key, never stored. */
  public static String newSecret() {
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    return SECRET_PREFIX + ENCODE.encodeToString(secret);
  }

  /** The stored form of a secret: {@code sha256:SALT:DIGEST}, base64url, with a fresh salt. */
  public static String hash(String secret) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return SCHEME
        + ":"
        + ENCODE.encodeToString(salt)
        + ":"
        + ENCODE.encodeToString(digest(salt, secret));
  }

  /** Whether {@code secret} hashes to {@code stored}; compared in constant time. */
  public static boolean matches(String secret, String stored) {
    Optional<byte[][]> parts = parse(stored);
    if (parts.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(digest(parts.get()[0], secret), parts.get()[1]);
  }

  /** Why a stored hash cannot be used, or empty when it can. */
  public static Optional<String> problem(String stored) {
    return parse(stored).isPresent()
        ? Optional.empty()
        : Optional.of(
            "is not a key hash (sha256:SALT:DIGEST); make keys with `piccolo keys add`, which"
                + " writes the hash");
  }

  private static Optional<byte[][]> parse(String stored) {
    String[] parts = stored.split(":", -1);
    if (parts.length != 3 || !parts[0].equals(SCHEME)) {
      return Optional.empty();
    }
    try {
      byte[] salt = DECODE.decode(parts[1]);
      byte[] digest = DECODE.decode(parts[2]);
      if (salt.length < 8 || digest.length != 32) {
        return Optional.empty();
      }
      return Optional.of(new byte[][] {salt, digest});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static byte[] digest(byte[] salt, String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
