package io.piccolo.gateway.settings;

import io.piccolo.connectors.files.FolderClassCache;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.RoundWatchdog;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.gateway.security.ApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process's settings: every setting PICCOLO knows, with its value and where the value came from
 * (the default, a settings file line, or a command-line option).
 *
 * <p>To add a setting: declare it below as a constant, add it to {@link #ALL}, read it with {@link
 * #get}, and list it with its default in {@code docs/operations.md} (a test checks that the table
 * there names every setting and its default).
 */
public final class Settings {
  public static final Setting<Duration> EVENT_RETENTION =
      Setting.duration(
          "evaluation.event-retention",
          Duration.ofMinutes(10),
          Duration.ofMillis(1),
          "the longest a SignalEvent stays in the session when no window bounds it");

  public static final Setting<String> DEFAULT_DECISION =
      Setting.choice(
          "evaluation.default-decision",
          "allow",
          List.of("allow", "deny"),
          "what a request that no policy rule decided becomes");

  public static final Setting<Integer> REPORT_DECISION_ROWS =
      Setting.integer(
          "report.decision-rows",
          2000,
          0,
          1_000_000,
          "decisions the HTML report's table lists (the first ones); counts per rule and outcome"
              + " are exact whatever this is");

  public static final Setting<Long> TEXT_FILE_SIZE =
      Setting.bytes(
          "limits.text-file-size",
          TextFiles.DEFAULT_MAX_BYTES,
          1024,
          1L << 31,
          "the largest rule, artifact or spec file read (traces stream and have no such limit)");

  public static final Setting<Duration> ROUND_TIMEOUT =
      Setting.duration(
          "evaluation.round-timeout",
          RoundWatchdog.DEFAULT_TIMEOUT,
          Duration.ofMillis(1),
          "the longest one evaluation round may run; a round stuck longer is reported with its"
              + " rule, session time and stack, and simulate or rules test ends with exit code 1");

  public static final Setting<List<String>> SANDBOX_ALLOW =
      Setting.words(
          "rules.sandbox.allow",
          "what rules may use beyond the sandbox's defaults: classes (a.b.C), packages (a.b.*)"
              + " or members (a.b.C#name)",
          entries -> SandboxPolicy.defaults().allow(entries));

  public static final Setting<Path> RULES_CACHE =
      Setting.optionalFile(
          "rules.cache",
          FolderClassCache.defaultFolder(),
          "${XDG_CACHE_HOME:-~/.cache}/piccolo/classes",
          "where the Java classes compiled from DRL files are kept, so a DRL package built before"
              + " (same text, same PICCOLO, Drools and JDK, same rules.sandbox.allow) is not"
              + " compiled again; \"\": keep none");

  public static final Setting<Duration> RULES_WATCH_DEBOUNCE =
      Setting.duration(
          "rules.watch-debounce",
          Duration.ofMillis(30),
          Duration.ofMillis(1),
          "rules watch: how long the followed folders must stay quiet after a change before the"
              + " rules are checked again, so an editor's save (a write, a rename over the file, or"
              + " a delete and a create) is one run");

  public static final Setting<Duration> STORE_OUTAGE_LIMIT =
      Setting.duration(
          "store.outage-limit",
          Duration.ofSeconds(30),
          Duration.ofMillis(1),
          "how long etcd may accept no state write before the writes still queued are given up"
              + " (a backlog that is still draining is waited for however long it takes)");

  public static final Setting<Duration> BATCH_LATENCY =
      Setting.duration(
          "evaluation.batch-latency",
          Duration.ofMillis(1),
          Duration.ZERO,
          "serve: the longest a live sample waits for others to join its evaluation round");

  public static final Setting<Integer> QUEUE_CAPACITY =
      Setting.integer(
          "evaluation.queue-capacity",
          100_000,
          1,
          100_000_000,
          "serve: samples that may wait for the evaluator; beyond it a publisher is told to retry"
              + " and the refusal is counted");

  public static final Setting<String> SERVE_HOST =
      Setting.text("serve.host", "127.0.0.1", "serve: the address the HTTP server binds to");

  public static final Setting<Integer> SERVE_PORT =
      Setting.integer(
          "serve.port",
          47099,
          0,
          65535,
          "serve: the HTTP port (0: any free port, printed at start)");

  public static final Setting<Long> SERVE_BODY_LIMIT =
      Setting.bytes(
          "serve.body-limit",
          16L << 20,
          1024,
          1L << 30,
          "serve: the largest request body accepted; a larger one is answered 413");

  public static final Setting<Duration> SERVE_DRAIN_TIMEOUT =
      Setting.duration(
          "serve.drain-timeout",
          Duration.ofSeconds(30),
          Duration.ofMillis(1),
          "serve: on SIGTERM or Ctrl-C, the longest the process waits for queued samples to be"
              + " evaluated and pending writes to reach the store");

  public static final Setting<ApiKeys> KEYS =
      Setting.apiKeys(
          "keys",
          "serve: the API keys (name: {role, hash, rate, burst}), made with `piccolo keys add`;"
              + " none: serve binds to loopback only and needs no key");

  public static final Setting<String> SERVE_METRICS_ACCESS =
      Setting.choice(
          "serve.metrics-access",
          "viewer",
          List.of("viewer", "open"),
          "serve, with keys: whether GET /metrics needs a viewer key (Prometheus sends it as a"
              + " bearer token) or is open");

  public static final Setting<Integer> SERVE_RATE =
      Setting.integer(
          "serve.rate-limit.rate",
          100,
          1,
          1_000_000,
          "serve, with keys: requests per second each key may send on average (a key's own rate"
              + " wins); beyond it 429 with Retry-After");

  public static final Setting<Integer> SERVE_BURST =
      Setting.integer(
          "serve.rate-limit.burst",
          200,
          1,
          1_000_000,
          "serve, with keys: requests each key may send at once (a key's own burst wins)");

  public static final Setting<Path> SERVE_TLS_CERTIFICATE =
      Setting.optionalFile(
          "serve.tls.certificate",
          "serve: the PEM certificate (chain) to serve HTTPS with, beside serve.tls.key; \"\":"
              + " plain HTTP");

  public static final Setting<Path> SERVE_TLS_KEY =
      Setting.optionalFile("serve.tls.key", "serve: the PEM private key of serve.tls.certificate");

  public static final Setting<Path> AUDIT_FILE =
      Setting.file(
          "audit.file",
          StateStores.defaultFile().resolveSibling("audit.jsonl"),
          "${XDG_DATA_HOME:-~/.local/share}/piccolo/audit.jsonl",
          "serve and keys: the audit log (JSON lines: artifact, rule and key changes, decisions)");

  public static final Setting<Long> AUDIT_MAX_SIZE =
      Setting.bytes(
          "audit.max-size",
          16L << 20,
          1024,
          1L << 40,
          "the size past which the audit log is rotated (audit.jsonl becomes audit.jsonl.1)");

  public static final Setting<Integer> AUDIT_FILES =
      Setting.integer(
          "audit.files",
          5,
          1,
          1000,
          "rotated audit logs kept beside the current one (audit.jsonl.1 ... .N); older ones are"
              + " removed");
  public static final Setting<Duration> SERVE_IDLE_TIMEOUT =
      Setting.duration(
          "serve.idle-timeout",
          Duration.ofSeconds(60),
          Duration.ofSeconds(1),
          "serve: a connection on which nothing is sent either way for this long is closed (event"
              + " streams send a comment line at half of it)");

  public static final Setting<Duration> SERVE_HEADER_TIMEOUT =
      Setting.duration(
          "serve.header-timeout",
          Duration.ofSeconds(10),
          Duration.ofMillis(1),
          "serve: the longest a client may take to send a request's line and headers, from the"
              + " connection's opening or its previous answer; a slower one's connection is closed");

  public static final Setting<Long> SERVE_HEADER_LIMIT =
      Setting.bytes(
          "serve.header-limit",
          8L << 10,
          1024,
          1L << 20,
          "serve: the largest request line, and the largest request headers; larger ones are"
              + " answered 414 or 431");

  public static final Setting<Integer> SIGNAL_PATH_LIMIT =
      Setting.integer(
          "serve.signal-path-limit",
          256,
          1,
          65_536,
          "serve: the longest signal path a posted sample may have, in characters");

  public static final Setting<Integer> SIGNAL_TEXT_LIMIT =
      Setting.integer(
          "serve.signal-text-limit",
          4096,
          1,
          1 << 24,
          "serve: the longest string value a posted sample may have, in characters");

  public static final Setting<Duration> STORE_PROBE_INTERVAL =
      Setting.duration(
          "serve.store-probe-interval",
          Duration.ofSeconds(5),
          Duration.ofMillis(10),
          "serve: how often the store is asked whether it answers (piccolo_store_up)");

  public static final Setting<Duration> SERVE_WATCH_DEBOUNCE =
      Setting.duration(
          "serve.watch-debounce",
          Duration.ofMillis(100),
          Duration.ofMillis(1),
          "serve --watch: how long the rule folders must stay quiet after a change before the"
              + " rules are rebuilt, so an editor's save (often a write and a rename) is one reload");

  public static final Setting<Long> SERVE_FRAME_LIMIT =
      Setting.bytes(
          "serve.frame-limit",
          1L << 20,
          1024,
          1L << 30,
          "serve: the largest WebSocket frame /api/v1/stream reads; a larger one closes the"
              + " connection with status 1009");

  public static final Setting<Long> SERVE_MESSAGE_LIMIT =
      Setting.bytes(
          "serve.message-limit",
          16L << 20,
          1024,
          1L << 30,
          "serve: the largest WebSocket message (its frames joined) /api/v1/stream reads; a larger"
              + " one closes the connection with status 1009");

  public static final Setting<Long> SERVE_STREAM_WRITE_QUEUE =
      Setting.bytes(
          "serve.stream-write-queue",
          1L << 20,
          1024,
          1L << 30,
          "serve: bytes a WebSocket connection may have waiting to be sent; beyond it its reads"
              + " pause until the queue drains, and events for it are dropped and counted");

  public static final Setting<List<Webhook>> SERVE_WEBHOOKS =
      Setting.webhooks(
          "serve.webhooks",
          "serve: URLs each event is POSTed to as JSON, each optionally with the event filters"
              + " (kinds, scenario, target, decision)");

  public static final Setting<Integer> WEBHOOK_QUEUE =
      Setting.integer(
          "serve.webhook-queue",
          10_000,
          1,
          10_000_000,
          "serve: events that may wait for one webhook; beyond it they are dropped and counted");

  public static final Setting<Integer> WEBHOOK_ATTEMPTS =
      Setting.integer(
          "serve.webhook-attempts",
          5,
          1,
          100,
          "serve: attempts per event and webhook before it counts as failed; connection errors,"
              + " 5xx and 429 are tried again");

  public static final Setting<Duration> WEBHOOK_BACKOFF =
      Setting.duration(
          "serve.webhook-backoff",
          Duration.ofMillis(200),
          Duration.ofMillis(1),
          "serve: the wait before a webhook's first retry, doubled for each one after it (at most"
              + " 30s)");

  public static final Setting<Duration> WEBHOOK_TIMEOUT =
      Setting.duration(
          "serve.webhook-timeout",
          Duration.ofSeconds(5),
          Duration.ofMillis(1),
          "serve: the longest one webhook delivery may take before it is tried again");

  public static final Setting<Duration> RESULT_RETENTION =
      Setting.duration(
          "evaluation.result-retention",
          io.piccolo.engine.EvaluatorOptions.DEFAULT_RESULT_RETENTION,
          Duration.ofMillis(1),
          "how long an ActionResult stays in the session after its time (at most 10,000 stay,"
              + " the oldest leaving first)");

  public static final Setting<String> RUNTIME =
      Setting.choice(
          "runtime.default",
          "dry-run",
          NodeRuntime.NAMES,
          "serve: the container runtime of every node runtime.nodes does not name");

  public static final Setting<Path> RUNTIME_SOCKET =
      Setting.optionalFile(
          "runtime.socket",
          "serve: the unix socket of runtime.default's API (\"\": the runtime's own default)");

  public static final Setting<Map<String, NodeRuntime>> RUNTIME_NODES =
      Setting.nodeRuntimes(
          "runtime.nodes",
          "serve: nodes whose Models run on a runtime of their own: node name to {runtime, socket}");

  public static final Setting<String> NETWORK_EXECUTOR =
      Setting.choice(
          "network.executor",
          "none",
          List.of("none", "pharos"),
          "serve: who sets up Models' networks and carries out qos: none, or pharos (HTB and an"
              + " eBPF classifier in the kernel; needs root and scripts/install-pharos.sh)");

  public static final Setting<Duration> NETWORK_INTERVAL =
      Setting.duration(
          "network.interval",
          Duration.ofSeconds(1),
          Duration.ofMillis(100),
          "serve with network.executor pharos: how often its counters become meters and"
              + " NetworkUsage facts");

  public static final Setting<Duration> ACTION_TIMEOUT =
      Setting.duration(
          "actions.call-timeout",
          Duration.ofSeconds(30),
          Duration.ofMillis(1),
          "serve: the longest one call to a runtime may take; a call past it is tried again as a"
              + " transient failure");

  public static final Setting<Integer> ACTION_RETRIES =
      Setting.integer(
          "actions.retries",
          3,
          0,
          100,
          "serve: further attempts of a unit of work after a transient failure (the runtime away,"
              + " a timeout); other failures are not tried again");

  public static final Setting<Duration> ACTION_BACKOFF =
      Setting.duration(
          "actions.retry-backoff",
          Duration.ofMillis(200),
          Duration.ofMillis(1),
          "serve: the wait before the first retry; each later one waits twice as long, at most 5s");

  public static final Setting<Integer> BREAKER_FAILURES =
      Setting.integer(
          "actions.breaker.failures",
          5,
          1,
          1_000,
          "serve: transient failures in a row on one node that open its circuit: its work then"
              + " fails at once, with the reason");

  public static final Setting<Duration> BREAKER_OPEN_FOR =
      Setting.duration(
          "actions.breaker.open-for",
          Duration.ofSeconds(10),
          Duration.ofMillis(1),
          "serve: how long an open circuit fails work at once before one unit probes the runtime");

  /** Every setting, in the order files and listings show them. */
  public static final List<Setting<?>> ALL =
      List.of(
          EVENT_RETENTION,
          DEFAULT_DECISION,
          ROUND_TIMEOUT,
          SANDBOX_ALLOW,
          RULES_CACHE,
          RULES_WATCH_DEBOUNCE,
          REPORT_DECISION_ROWS,
          TEXT_FILE_SIZE,
          STORE_OUTAGE_LIMIT,
          BATCH_LATENCY,
          QUEUE_CAPACITY,
          SERVE_HOST,
          SERVE_PORT,
          SERVE_BODY_LIMIT,
          SERVE_DRAIN_TIMEOUT,
          SERVE_TLS_CERTIFICATE,
          SERVE_TLS_KEY,
          SERVE_METRICS_ACCESS,
          SERVE_RATE,
          SERVE_BURST,
          AUDIT_FILE,
          AUDIT_MAX_SIZE,
          AUDIT_FILES,
          SERVE_IDLE_TIMEOUT,
          SERVE_HEADER_TIMEOUT,
          SERVE_HEADER_LIMIT,
          SIGNAL_PATH_LIMIT,
          SIGNAL_TEXT_LIMIT,
          STORE_PROBE_INTERVAL,
          KEYS,
          SERVE_WATCH_DEBOUNCE,
          SERVE_FRAME_LIMIT,
          SERVE_MESSAGE_LIMIT,
          SERVE_STREAM_WRITE_QUEUE,
          SERVE_WEBHOOKS,
          WEBHOOK_QUEUE,
          WEBHOOK_ATTEMPTS,
          WEBHOOK_BACKOFF,
          WEBHOOK_TIMEOUT,
          RESULT_RETENTION,
          RUNTIME,
          RUNTIME_SOCKET,
          RUNTIME_NODES,
          NETWORK_EXECUTOR,
          NETWORK_INTERVAL,
          ACTION_TIMEOUT,
          ACTION_RETRIES,
          ACTION_BACKOFF,
          BREAKER_FAILURES,
          BREAKER_OPEN_FOR);

  /** A value and where it came from. */
  public record Value(Object value, String source) {}

  private final Map<Setting<?>, Value> values;

  private Settings(Map<Setting<?>, Value> values) {
    this.values = values;
  }

  /** Every setting at its default. */
  public static Settings defaults() {
    Map<Setting<?>, Value> values = new LinkedHashMap<>();
    ALL.forEach(s -> values.put(s, new Value(s.defaultValue(), "default")));
    return new Settings(values);
  }

  public <T> T get(Setting<T> setting) {
    @SuppressWarnings("unchecked")
    T value = (T) values.get(setting).value();
    return value;
  }

  /** Where the value of {@code setting} came from: "default", "FILE:LINE" or "--flag". */
  public String source(Setting<?> setting) {
    return values.get(setting).source();
  }

  /** These settings with one value replaced. */
  public <T> Settings with(Setting<T> setting, T value, String source) {
    Map<Setting<?>, Value> copy = new LinkedHashMap<>(values);
    copy.put(setting, new Value(value, source));
    return new Settings(copy);
  }

  /**
   * These settings with a value given as text on the command line.
   *
   * @throws SettingsException naming the option and what to write
   */
  public <T> Settings withOption(Setting<T> setting, String text, String option)
      throws SettingsException {
    try {
      return with(setting, setting.read(text), option);
    } catch (Setting.BadValue e) {
      throw new SettingsException(option + ": " + e.getMessage());
    }
  }

  /** The named setting, if PICCOLO has one. */
  static Setting<?> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }
}
