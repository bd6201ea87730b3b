package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.Waits;
import io.piccolo.engine.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watch surfaces what it cannot use and never leaks what it started. */
class FollowingTheStoreTest {

  @Test
  @Timeout(60)
  void aStoredScenarioThatNoLongerReadsIsReportedNotSilentlyDropped() throws Exception {
    List<String> unreadable = new CopyOnWriteArrayList<>();
    AtomicReference<List<Scenario>> current = new AtomicReference<>();
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint());
        StateStore.Watch watch = ScenarioFeed.follow(store, current::set, unreadable::add)) {
      etcd.etcdctl(
          "put", "Scenario/broken", "kind: Scenario\nmetadata: {name: broken}\nspec: {}\n");
      Waits.until(
          "the broken scenario is reported", Duration.ofSeconds(10), () -> !unreadable.isEmpty());
      assertTrue(
          unreadable.get(0).startsWith("stored Scenario/broken is left out: "), unreadable.get(0));
      assertEquals(List.of(), current.get());
    }
  }

  @Test
  @Timeout(60)
  void aWatchThatCannotStartLeavesNoThreadBehind() throws Exception {
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint(), 1_000)) {
      etcd.stop();
      assertThrows(StoreException.class, () -> store.watch("Scenario", stored -> {}));
      Waits.until(
          "the watch's lister thread is gone",
          Duration.ofSeconds(10),
          () ->
              Thread.getAllStackTraces().keySet().stream()
                  .noneMatch(t -> t.getName().equals("piccolo-watch-Scenario") && t.isAlive()));
    }
  }
}
