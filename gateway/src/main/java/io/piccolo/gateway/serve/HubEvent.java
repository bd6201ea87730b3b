package io.piccolo.gateway.serve;

import java.util.Map;

/**
 * One event as every subscriber receives it: its kind, its JSON object (encoded once), and the
 * fields filters look at ({@code scenario}, {@code target}, {@code decision}), those it carries.
 */
record HubEvent(EventKind kind, String json, Map<String, String> fields) {}
