package io.piccolo.gateway.settings;

import java.util.List;
import java.util.Map;

/**
 * One webhook of {@code serve.webhooks}: where events are POSTed, and which (the event filter's
 * kinds and field values; none: every event). The filter's values are checked by the server.
 */
public record Webhook(String url, List<String> kinds, Map<String, String> filter) {}
