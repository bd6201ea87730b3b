package io.piccolo.gateway.security;

import io.vertx.core.Vertx;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The server's certificate and private key, PEM files, checked before the server starts: both
 * readable, both PEM, and the key the one the certificate was made for (a signature made with the
 * key must verify with the certificate).
 */
public final class TlsFiles {
  private final Path certificate;
  private final Path key;

  /**
   * @param certificateSetting the setting that named the certificate, for messages
   * @param keySetting the setting that named the key, for messages
   * @throws IllegalArgumentException naming the setting and what is wrong with its file
   */
  public static TlsFiles check(
      Path certificate, String certificateSetting, Path key, String keySetting, Vertx vertx) {
    readable(certificate, certificateSetting, "certificate");
    readable(key, keySetting, "private key");
    TlsFiles files = new TlsFiles(certificate, key);
    X509KeyManager manager;
    try {
      manager = x509(files.options().getKeyManagerFactory(vertx));
    } catch (Exception e) {
      throw new IllegalArgumentException(
          certificateSetting
              + " "
              + certificate
              + " and "
              + keySetting
              + " "
              + key
              + ": not a PEM certificate and private key ("
              + e.getMessage()
              + "); write them as PEM, e.g. openssl req -x509 -newkey rsa:2048 -nodes"
              + " -keyout key.pem -out cert.pem");
    }
    String alias = firstAlias(manager);
    if (alias == null) {
      throw new IllegalArgumentException(
          certificateSetting + " " + certificate + ": holds no certificate");
    }
    X509Certificate[] chain = manager.getCertificateChain(alias);
    PrivateKey privateKey = manager.getPrivateKey(alias);
    if (!belong(privateKey, chain[0])) {
      throw new IllegalArgumentException(
          keySetting
              + " "
              + key
              + " is not the private key of the certificate "
              + certificateSetting
              + " "
              + certificate
              + "; name the key the certificate was made with");
    }
    return files;
  }

  private TlsFiles(Path certificate, Path key) {
    this.certificate = certificate;
    this.key = key;
  }

  /** What the Vert.x server is given. */
  public PemKeyCertOptions options() {
    return new PemKeyCertOptions()
        .setCertPath(certificate.toAbsolutePath().toString())
        .setKeyPath(key.toAbsolutePath().toString());
  }

  private static void readable(Path file, String setting, String what) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          setting + " " + file + ": no such file; name the PEM " + what);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(
          setting + " " + file + ": cannot be read; let the user running serve read it");
    }
  }

  private static X509KeyManager x509(KeyManagerFactory factory) {
    for (KeyManager m : factory.getKeyManagers()) {
      if (m instanceof X509KeyManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X.509 key manager");
  }

  private static String firstAlias(X509KeyManager manager) {
    for (String type : new String[] {"RSA", "EC", "EdDSA", "Ed25519", "DSA"}) {
      String[] aliases = manager.getServerAliases(type, null);
      if (aliases != null && aliases.length > 0) {
        return aliases[0];
      }
    }
    return null;
  }

  private static boolean belong(PrivateKey key, X509Certificate certificate) {
    Optional<String> algorithm = signatureAlgorithm(key);
    if (algorithm.isEmpty()) {
      return true; // a key type we cannot sign with here: the TLS handshake will tell
    }
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    try {
      Signature sign = Signature.getInstance(algorithm.get());
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm.get());
      verify.initVerify(certificate.getPublicKey());
      verify.update(probe);
      return verify.verify(signature);
    } catch (java.security.GeneralSecurityException e) {
      return false; // e.g. an RSA key beside an EC certificate
    }
  }

  private static Optional<String> signatureAlgorithm(PrivateKey key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> Optional.of("SHA256withRSA");
      case "EC" -> Optional.of("SHA256withECDSA");
      case "EdDSA", "Ed25519" -> Optional.of("Ed25519");
      default -> Optional.empty();
    };
  }
}
