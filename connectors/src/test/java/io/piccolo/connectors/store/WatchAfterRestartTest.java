package io.piccolo.connectors.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watch survives an etcd restart: what changed while and after it was down arrives. */
class WatchAfterRestartTest {

  @Test
  @Timeout(120)
  void aWatchResumesAfterEtcdRestarts() throws Exception {
    AtomicReference<Map<String, String>> seen = new AtomicReference<>(Map.of());
    try (EtcdServer etcd = EtcdServer.start();
        StateStore watching = StateStores.etcd(etcd.endpoint());
        StateStore.Watch watch = watching.watchStates(ResourceKind.MODEL, seen::set)) {
      try (StateStore writer = StateStores.etcd(etcd.endpoint())) {
        writer.transition(ResourceKind.MODEL, "m", null, "running");
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> "running".equals(seen.get().get("m")));

      etcd.stop();
      etcd.restart();
      try (StateStore writer = StateStores.etcd(etcd.endpoint())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .ignoreExceptions()
            .until(() -> writer.transition(ResourceKind.MODEL, "m", "running", "dead").applied());
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> "dead".equals(seen.get().get("m")));
      assertEquals(Map.of("m", "dead"), seen.get());
    }
  }
}
