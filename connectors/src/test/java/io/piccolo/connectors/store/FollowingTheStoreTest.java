package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
  void aStoredValueThatIsNotYamlIsReportedAndTheOtherScenariosStayLive() throws Exception {
    List<String> unreadable = new CopyOnWriteArrayList<>();
    AtomicReference<List<Scenario>> current = new AtomicReference<>();
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint());
        StateStore.Watch watch = ScenarioFeed.follow(store, current::set, unreadable::add)) {
      etcd.etcdctl("put", "Scenario/bad", "not: [valid");
      etcd.etcdctl(
          "put",
          "Scenario/good",
          "apiVersion: v1\nkind: Scenario\nmetadata: {name: good}\nspec:\n"
              + "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n  target: x\n");
      Waits.until(
          "the good scenario is live beside the bad value",
          Duration.ofSeconds(10),
          () -> current.get() != null && current.get().size() == 1);
      assertEquals("good", current.get().get(0).name());
      assertTrue(
          unreadable.stream().anyMatch(u -> u.startsWith("stored Scenario/bad is left out")),
          unreadable.toString());
    }
  }

  @Test
  @Timeout(60)
  void aClosedWatchLeavesNoThreadBehind() throws Exception {
    AtomicReference<List<Scenario>> current = new AtomicReference<>();
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint())) {
      StateStore.Watch watch = ScenarioFeed.follow(store, current::set, unreadable -> {});
      etcd.etcdctl("put", "Scenario/bad", "not: [valid"); // a change: the lister thread relists
      Waits.until("the change is listed", Duration.ofSeconds(10), () -> listerAlive());
      watch.close();
      Waits.until(
          "the watch's lister thread is gone", Duration.ofSeconds(10), () -> !listerAlive());
    }
  }

  private static boolean listerAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("piccolo-watch-Scenario") && t.isAlive());
  }
}
