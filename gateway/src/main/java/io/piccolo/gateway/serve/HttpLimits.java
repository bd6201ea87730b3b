package io.piccolo.gateway.serve;

import io.piccolo.gateway.settings.Settings;
import java.time.Duration;

/** What the HTTP server bounds, from the {@code serve.*} settings. */
record HttpLimits(
    long body,
    Duration idleTimeout,
    Duration headerTimeout,
    long header,
    int signalPath,
    int signalText) {
  static HttpLimits of(Settings settings) {
    return new HttpLimits(
        settings.get(Settings.SERVE_BODY_LIMIT),
        settings.get(Settings.SERVE_IDLE_TIMEOUT),
        settings.get(Settings.SERVE_HEADER_TIMEOUT),
        settings.get(Settings.SERVE_HEADER_LIMIT),
        settings.get(Settings.SIGNAL_PATH_LIMIT),
        settings.get(Settings.SIGNAL_TEXT_LIMIT));
  }
}
