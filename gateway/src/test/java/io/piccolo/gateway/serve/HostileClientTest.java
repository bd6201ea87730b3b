package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.settings.Settings;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a hostile or careless client sends a running server, through real connections. */
@Timeout(60)
class HostileClientTest {
  private static final String RULES =
      "package p;\n"
          + "rule \"fast\" when Signal(path == \"Vehicle.Speed\", number > 100) then"
          + " actions.request(\"launch\", \"speed-warning\", Map.of()); end\n";

  @TempDir Path dir;
  private LiveServer live;

  @BeforeEach
  void start() throws Exception {
    live =
        new LiveServer(
            RULES,
            StateStores.file(dir.resolve("store.json")),
            Settings.defaults()
                .with(Settings.SERVE_HEADER_TIMEOUT, Duration.ofMillis(500), "test")
                .with(Settings.SERVE_IDLE_TIMEOUT, Duration.ofSeconds(2), "test")
                .with(Settings.SERVE_BODY_LIMIT, 2048L, "test")
                .with(Settings.SIGNAL_PATH_LIMIT, 64, "test")
                .with(Settings.SIGNAL_TEXT_LIMIT, 16, "test"));
  }

  @AfterEach
  void stop() throws Exception {
    live.close();
  }

  @Test
  void signalPathsWithControlCharactersOrPastTheLimitAreRefusedNamingSampleAndField()
      throws Exception {
    for (String path :
        List.of("Vehicle.Sp\\u0000eed", "Vehicle.Speed\\nForged: line", "V\\u001b[2J")) {
      HttpResponse<String> refused =
          live.post(
              "/api/v1/signals",
              "[{\"path\": \"Vehicle.Speed\", \"value\": 1}, {\"path\": \""
                  + path
                  + "\", \"value\": 1}]");
      assertEquals(400, refused.statusCode(), refused.body());
      assertTrue(
          refused.body().contains("[1].path: holds the control character U+00"), refused.body());
    }
    HttpResponse<String> long_ =
        live.post("/api/v1/signals", "[{\"path\": \"" + "A.".repeat(40) + "B\", \"value\": 1}]");
    assertEquals(400, long_.statusCode(), long_.body());
    assertTrue(
        long_
            .body()
            .contains(
                "[0].path: a path of 81 characters is longer than serve.signal-path-limit (64)"),
        long_.body());
    HttpResponse<String> text =
        live.post(
            "/api/v1/signals",
            "[{\"path\": \"Vehicle.Cabin.Infotainment.Media.Action\", \"value\": \""
                + "x".repeat(17)
                + "\"}]");
    assertEquals(400, text.statusCode(), text.body());
    assertTrue(
        text.body()
            .contains(
                "[0].value: a string of 17 characters is longer than serve.signal-text-limit (16)"),
        text.body());
    assertEquals(0.0, live.metric("piccolo_signals_accepted_total"), "nothing was queued");
  }

  @Test
  void duplicateJsonKeysAreRefusedInSignalAndResourceBodies() throws Exception {
    HttpResponse<String> signal =
        live.post(
            "/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 1, \"value\": 200}]");
    assertEquals(400, signal.statusCode(), signal.body());
    assertTrue(signal.body().contains("Duplicate field 'value'"), signal.body());
    HttpResponse<String> resource =
        live.post(
            "/api/v1/packages",
            "{\"apiVersion\": \"v1\", \"kind\": \"Package\", \"metadata\": {\"name\": \"a\", \"name\": \"b\"},"
                + " \"spec\": {\"models\": []}}");
    assertEquals(400, resource.statusCode(), resource.body());
    assertTrue(resource.body().contains("Duplicate field 'name'"), resource.body());
    assertEquals(404, live.get("/api/v1/packages/a").statusCode(), "nothing was stored");
  }

  @Test
  void aConnectionThatSendsHalfARequestIsClosedAfterTheHeaderTimeout() throws Exception {
    try (Socket socket = live.connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long began = System.nanoTime();
      InputStream in = socket.getInputStream();
      // a byte now and then keeps an idle timeout from ever firing; the header deadline does not
      // move
      Thread trickle =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    out.write('a');
                    out.flush();
                    Thread.sleep(100); // a slow client's pace, not a wait for a result
                  }
                } catch (Exception closed) {
                  // the server closed the connection
                }
              });
      trickle.setDaemon(true);
      trickle.start();
      assertEquals(-1, in.read(), "the server closes the connection without an answer");
      long tookMs = (System.nanoTime() - began) / 1_000_000;
      assertTrue(tookMs < 5_000, "closed after the 500 ms header timeout, not later: " + tookMs);
    }
    Waits.until(
        "the closed connection is counted",
        Duration.ofSeconds(10),
        () -> live.metric("piccolo_http_slow_clients_total") >= 1.0);
  }

  @Test
  void anIdleEventStreamIsKeptOpenPastTheIdleTimeout() throws Exception {
    try (Socket socket = live.connect()) {
      socket
          .getOutputStream()
          .write(
              "GET /api/v1/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      StringBuilder seen = new StringBuilder();
      Waits.until(
          "a keep-alive comment arrives after the 2 s idle timeout's half",
          Duration.ofSeconds(10),
          () -> {
            int b = in.read();
            if (b >= 0) {
              seen.append((char) b);
            }
            return b < 0 || seen.toString().contains(": keep-alive");
          });
      assertTrue(seen.toString().contains(": keep-alive"), seen.toString());
      assertEquals(1.0, live.metric("piccolo_events_subscribers"), "still subscribed");
    }
  }

  @Test
  void aKnownPathAskedWithTheWrongMethodAnswers405WithAllow() throws Exception {
    HttpResponse<String> put = live.send("PUT", "/api/v1/signals", "[]");
    assertEquals(405, put.statusCode(), put.body());
    assertEquals("POST", put.headers().firstValue("Allow").orElse(""));
    assertEquals("application/problem+json", put.headers().firstValue("Content-Type").get());
    HttpResponse<String> patch = live.send("PATCH", "/api/v1/scenarios/helloworld", "");
    assertEquals(405, patch.statusCode(), patch.body());
    assertEquals("DELETE, GET, PUT", patch.headers().firstValue("Allow").orElse(""));
    assertEquals(404, live.get("/nothing/here").statusCode(), "an unknown path is still 404");
  }

  @Test
  void aGarbageRequestLineIsAnsweredWithAProblem() throws Exception {
    String answer = live.raw("GARBAGE\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.0 400") || answer.startsWith("HTTP/1.1 400"), answer);
    assertTrue(answer.contains("application/problem+json"), answer);
    assertTrue(answer.contains("\"title\":\"not an HTTP request\""), answer);
    String longLine = live.raw("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertTrue(longLine.contains(" 414 "), longLine);
    assertTrue(longLine.contains("serve.header-limit"), longLine);
    Waits.until(
        "both are counted",
        Duration.ofSeconds(10),
        () ->
            live.metric(
                        "piccolo_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"400\"}")
                    == 1.0
                && live.metric(
                        "piccolo_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"414\"}")
                    == 1.0);
  }

  @Test
  void errorsAreCountedUnderTheRouteTheyWereSentTo() throws Exception {
    assertEquals(413, live.post("/api/v1/signals", "[" + " ".repeat(4096) + "]").statusCode());
    assertEquals(400, live.post("/api/v1/signals", "not json").statusCode());
    assertEquals(404, live.get("/api/v1/scenarios/not-stored").statusCode());
    assertEquals(404, live.get("/api/v1/nokind").statusCode());
    assertEquals(404, live.get("/nothing/here").statusCode());
    Waits.until(
        "each is counted under its route",
        Duration.ofSeconds(10),
        () ->
            live.metric(
                        "piccolo_http_requests_total{method=\"POST\",route=\"/api/v1/signals\",status=\"413\"}")
                    == 1.0
                && live.metric(
                        "piccolo_http_requests_total{method=\"POST\",route=\"/api/v1/signals\",status=\"400\"}")
                    == 1.0
                && live.metric(
                        "piccolo_http_requests_total{method=\"GET\",route=\"/api/v1/:kinds/:name\",status=\"404\"}")
                    == 1.0
                && live.metric(
                        "piccolo_http_requests_total{method=\"GET\",route=\"/api/v1/:kinds\",status=\"404\"}")
                    == 1.0
                && live.metric(
                        "piccolo_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}")
                    == 1.0);
    assertFalse(
        live.get("/metrics").body().contains("route=\"other\""), "nothing is counted as other");
  }

  @Test
  void everyMeterADashboardShowsIsThereAtZeroBeforeAnyTraffic() throws Exception {
    String metrics = live.get("/metrics").body();
    for (String line :
        List.of(
            "piccolo_requests_total{action=\"launch\",decision=\"allowed\"} 0.0",
            "piccolo_rule_failures_total{rule=\"fast\"} 0.0",
            "piccolo_rule_failures_total{rule=\"unknown\"} 0.0",
            "piccolo_rules_fired_total{rule=\"fast\"} 0.0",
            "piccolo_signals_refused_total 0.0",
            "piccolo_rounds_stuck_total 0.0",
            "piccolo_events_dropped_total{kind=\"decision\"} 0.0",
            "piccolo_store_up 1.0",
            "piccolo_http_disconnects_total 0.0",
            "piccolo_http_requests_total{method=\"POST\",route=\"/api/v1/signals\",status=\"202\"} 0.0",
            "piccolo_http_requests_total{method=\"POST\",route=\"/api/v1/signals\",status=\"400\"} 0.0")) {
      assertTrue(metrics.contains(line + "\n"), line + " is missing from:\n" + metrics);
    }
  }

  @Test
  void aClientThatDisconnectsMidRequestIsCountedAndLogsNoStackTrace() throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(capture);
    try {
      try (Socket socket = live.connect()) {
        socket
            .getOutputStream()
            .write(
                "POST /api/v1/signals HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n[{\"path\""
                    .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
      }
      Waits.until(
          "the disconnect is counted",
          Duration.ofSeconds(10),
          () -> live.metric("piccolo_http_disconnects_total") == 1.0);
      assertTrue(
          records.stream()
              .noneMatch(
                  r ->
                      r.getThrown() != null
                          || r.getLevel().intValue() > java.util.logging.Level.INFO.intValue()),
          "no stack trace, no warning: "
              + records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList());
      assertFalse(live.log.toString().contains("\tat "), live.log.toString());
    } finally {
      root.removeHandler(capture);
    }
  }
}
