package io.piccolo.gateway.serve;

import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.gateway.security.Access;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.Audit;
import io.piccolo.gateway.security.RateLimits;
import io.piccolo.gateway.security.TlsFiles;
import io.piccolo.gateway.settings.Settings;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * What the security settings make of the server: keys or loopback only, TLS or plain HTTP, and the
 * guard every request passes. Checked before the server starts, so a bad setting stops it with a
 * message naming the setting.
 */
final class ServeSecurity {
  private final ApiKeys keys;
  private final TlsFiles tls;

  private ServeSecurity(ApiKeys keys, TlsFiles tls) {
    this.keys = keys;
    this.tls = tls;
  }

  /**
   * @throws IllegalArgumentException naming the setting that cannot be served with
   */
  static ServeSecurity check(Settings settings, Vertx vertx) {
    ApiKeys keys = settings.get(Settings.KEYS);
    String host = settings.get(Settings.SERVE_HOST);
    if (keys.isEmpty() && !isLoopback(host, settings)) {
      throw new IllegalArgumentException(
          "serve.host "
              + host
              + " (from "
              + settings.source(Settings.SERVE_HOST)
              + ") is not a loopback address, and there are no API keys: anyone who reaches the"
              + " port could send signals and change artifacts; add a key with `piccolo keys add"
              + " NAME --role admin`, or serve on 127.0.0.1");
    }
    Path certificate = settings.get(Settings.SERVE_TLS_CERTIFICATE);
    Path key = settings.get(Settings.SERVE_TLS_KEY);
    if ((certificate == null) != (key == null)) {
      String missing = certificate == null ? "serve.tls.certificate" : "serve.tls.key";
      String given = certificate == null ? "serve.tls.key" : "serve.tls.certificate";
      throw new IllegalArgumentException(
          given + " is set but " + missing + " is not; HTTPS needs both, or neither for HTTP");
    }
    TlsFiles tls =
        certificate == null
            ? null
            : TlsFiles.check(certificate, "serve.tls.certificate", key, "serve.tls.key", vertx);
    return new ServeSecurity(keys, tls);
  }

  private static boolean isLoopback(String host, Settings settings) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(
          "serve.host "
              + host
              + " (from "
              + settings.source(Settings.SERVE_HOST)
              + ") cannot be resolved; name an address such as 127.0.0.1");
    }
  }

  ApiKeys keys() {
    return keys;
  }

  /** The certificate and key to serve HTTPS with, or null for plain HTTP. */
  TlsFiles tls() {
    return tls;
  }

  AccessGuard guard(Settings settings, MeterRegistry meters, Audit audit) {
    Access access = new Access(settings.get(Settings.SERVE_METRICS_ACCESS).equals("open"));
    RateLimits limits =
        new RateLimits(
            keys,
            settings.get(Settings.SERVE_RATE),
            settings.get(Settings.SERVE_BURST),
            meters,
            System::nanoTime);
    return new AccessGuard(access, keys, limits, audit);
  }
}
