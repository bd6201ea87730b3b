package io.piccolo.connectors.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.engine.state.ResourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader derives package states from model states; after a failover the new leader does. */
class PackageStateDeriverTest {
  private static Artifact pkg(String name, String... models) throws Exception {
    StringBuilder list = new StringBuilder();
    for (String m : models) {
      list.append(list.length() == 0 ? "" : ",")
          .append("{\"name\":\"")
          .append(m)
          .append("\",\"node\":\"HPC\"}");
    }
    return Artifact.of(
        "Package",
        name,
        new ObjectMapper()
            .readTree(
                "{\"kind\":\"Package\",\"metadata\":{\"name\":\""
                    + name
                    + "\"},\"spec\":{\"models\":["
                    + list
                    + "]}}"));
  }

  private static Optional<String> packageState(StateStore store, String name)
      throws StoreException {
    return store.state(ResourceKind.PACKAGE, name);
  }

  @Test
  void packageStatesFollowTheirModels() throws Exception {
    StateStore store = StateStores.inMemory();
    store.apply(List.of(pkg("camera", "front", "rear")));
    try (PackageStateDeriver deriver = PackageStateDeriver.start(store)) {
      assertEquals(
          Optional.of("idle"),
          packageState(store, "camera"),
          "models that have not started leave the package idle");
      store.transition(ResourceKind.MODEL, "rear", null, "dead");
      assertEquals(Optional.of("degraded"), packageState(store, "camera"));
      store.transition(ResourceKind.MODEL, "front", null, "dead");
      assertEquals(Optional.of("error"), packageState(store, "camera"));
      store.transition(ResourceKind.MODEL, "front", "dead", "running");
      store.transition(ResourceKind.MODEL, "rear", "dead", "running");
      assertEquals(Optional.of("running"), packageState(store, "camera"));
    }
  }

  @Test
  @Timeout(90)
  void afterAFailoverTheNewLeaderDerives() throws Exception {
    try (EtcdServer etcd = EtcdServer.start();
        StateStore store = StateStores.etcd(etcd.endpoint());
        StateStore firstStore = StateStores.etcd(etcd.endpoint());
        StateStore secondStore = StateStores.etcd(etcd.endpoint())) {
      store.apply(List.of(pkg("camera", "front", "rear")));
      CountDownLatch firstLeads = new CountDownLatch(1);
      LeaderElection first =
          LeaderElection.join(
              etcd.endpoint(),
              LeaderElection.CLUSTER_WORK,
              "a",
              Duration.ofSeconds(2),
              firstLeads::countDown);
      assertTrue(firstLeads.await(10, TimeUnit.SECONDS));
      PackageStateDeriver firstWork = PackageStateDeriver.start(firstStore);
      store.transition(ResourceKind.MODEL, "rear", null, "dead");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> packageState(store, "camera").equals(Optional.of("degraded")));

      CountDownLatch secondLeads = new CountDownLatch(1);
      try (LeaderElection second =
          LeaderElection.join(
              etcd.endpoint(),
              LeaderElection.CLUSTER_WORK,
              "b",
              Duration.ofSeconds(2),
              secondLeads::countDown)) {
        firstWork.close();
        first.abandon(); // the leader dies without resigning
        assertTrue(secondLeads.await(20, TimeUnit.SECONDS), "the standby took over");
        try (PackageStateDeriver secondWork = PackageStateDeriver.start(secondStore)) {
          store.transition(ResourceKind.MODEL, "front", null, "dead");
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> packageState(store, "camera").equals(Optional.of("error")));
        }
      }
    }
  }
}
