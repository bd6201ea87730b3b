package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.settings.Settings;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real etcd stopped and started again under a running server. */
@Timeout(120)
class StoreReachabilityTest {
  @Test
  void anEtcdOutageIsMeteredAndWarnedWhileStoredScenariosStayLive() throws Exception {
    try (EtcdServer etcd = EtcdServer.start();
        LiveServer live =
            new LiveServer(
                "package p;\n",
                StateStores.etcd(etcd.endpoint()),
                Settings.defaults()
                    .with(Settings.STORE_PROBE_INTERVAL, Duration.ofMillis(200), "test"))) {
      assertEquals(200, live.send("POST", "/api/artifact", ServeTest.HELLOWORLD).statusCode());
      assertEquals(1.0, live.metric("piccolo_store_up"));
      Waits.until("the stored scenario is live", Duration.ofSeconds(20), () -> firesOnce(live));

      etcd.stop();
      Waits.until(
          "the outage is seen",
          Duration.ofSeconds(30),
          () -> live.metric("piccolo_store_up") == 0.0);
      Waits.until(
          "the time since etcd last answered grows",
          Duration.ofSeconds(10),
          () -> live.metric("piccolo_store_unreachable_seconds") > 0.0);
      HttpResponse<String> ready = live.get("/health/ready");
      assertEquals(200, ready.statusCode(), "still ready: it evaluates with what it read");
      assertTrue(
          ready.body().contains("\"warnings\":{\"store\":\"the store does not answer"),
          ready.body());
      assertTrue(
          live.log.toString().contains("piccolo serve: the store does not answer"),
          live.log.toString());
      assertTrue(firesOnce(live), "the stored scenario still fires without etcd");
      assertEquals(200, live.get("/health/live").statusCode(), "serve stays up");

      etcd.restart();
      Waits.until(
          "etcd answers again",
          Duration.ofSeconds(30),
          () -> live.metric("piccolo_store_up") == 1.0);
      assertEquals(0.0, live.metric("piccolo_store_unreachable_seconds"));
      assertFalse(live.get("/health/ready").body().contains("warnings"));
      assertTrue(
          live.log.toString().contains("piccolo serve: the store answers again"),
          live.log.toString());
      assertTrue(firesOnce(live), "the stored scenario is still live after the outage");
    }
  }

  /**
   * Drives the helloworld scenario's condition (speed above 100) through an edge; true if fired.
   */
  private static boolean firesOnce(LiveServer live) throws Exception {
    int before = (int) live.decided.stream().filter(d -> d.scenario().equals("helloworld")).count();
    double evaluated = live.metric("piccolo_signals_in_total");
    live.post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 0}]");
    // 0 and 130 in one round would be no edge at all (docs/api.md): 130 waits for 0's round
    Waits.until(
        "the low speed is evaluated",
        Duration.ofSeconds(10),
        () -> live.metric("piccolo_signals_in_total") > evaluated);
    live.post("/api/v1/signals", "[{\"path\": \"Vehicle.Speed\", \"value\": 130}]");
    try {
      Waits.until(
          "the helloworld scenario fires",
          Duration.ofSeconds(5),
          () ->
              live.decided.stream().filter(d -> d.scenario().equals("helloworld")).count()
                  > before);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }
}
