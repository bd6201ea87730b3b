package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** etcd stopped and restarted in the middle of a run: no transition lost, none applied twice. */
class QueuedStateWriterTest {

  @Test
  @Timeout(120)
  void transitionsQueuedWhileEtcdIsDownAreWrittenOnceWhenItIsBack() throws Exception {
    List<String> refused = new ArrayList<>();
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint(), 1_000);
        QueuedStateWriter writer = new QueuedStateWriter(store, refused::add)) {
      writer.submit(ResourceKind.SCENARIO, "s", null, "waiting");
      writer.submit(ResourceKind.SCENARIO, "s", "waiting", "satisfied");
      writer.submit(ResourceKind.SCENARIO, "s", "satisfied", "allowed");
      assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));

      etcd.stop();
      writer.submit(ResourceKind.SCENARIO, "s", "allowed", "completed");
      writer.submit(ResourceKind.SCENARIO, "s", "completed", "satisfied");
      writer.submit(ResourceKind.SCENARIO, "s", "satisfied", "denied");
      assertTrue(
          !writer.awaitWritten(Duration.ofSeconds(2)), "nothing can be written while etcd is down");
      assertTrue(writer.retries() > 0);
      etcd.restart();

      assertTrue(
          writer.awaitWritten(Duration.ofSeconds(60)), "the queue drained after the restart");
      assertEquals(List.of(), refused);
      assertEquals(6, writer.applied());
      assertEquals(List.of(), refused);
      assertEquals(Optional.of("denied"), store.state(ResourceKind.SCENARIO, "s"));
      long puts = etcd.read("/scenario/s/state").getVersion();
      assertEquals(6, puts, "each transition was put exactly once");
    }
  }
}
