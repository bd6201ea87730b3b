package io.piccolo.connectors.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.engine.state.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class EtcdStateStoreTest extends StateStoreContract {
  private static EtcdServer etcd;
  private final List<StateStore> opened = new ArrayList<>();

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdServer.start();
  }

  @AfterAll
  static void stopEtcd() {
    etcd.close();
  }

  @Override
  StateStore store() throws Exception {
    try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
      client
          .getKVClient()
          .delete(
              ByteSequence.from("\0", UTF_8),
              io.etcd.jetcd.options.DeleteOption.builder()
                  .withRange(ByteSequence.from("\0", UTF_8))
                  .build())
          .get(10, TimeUnit.SECONDS);
    }
    StateStore store = StateStores.etcd(etcd.endpoint());
    opened.add(store);
    return store;
  }

  @AfterEach
  void closeStores() throws Exception {
    for (StateStore s : opened) {
      s.close();
    }
  }

  @Test
  void artifactsSitWherePullpiriKeepsThemAsYaml() throws Exception {
    store().apply(List.of(pkg("helloworld", "HPC")));
    String yaml = etcd.value("Package/helloworld");
    assertTrue(
        yaml.startsWith("apiVersion: v1\nkind: Package\nmetadata:\n  name: helloworld\n"), yaml);
  }

  @Test
  void racingWritersLoseNoVersion() throws Exception {
    store();
    int writers = 4;
    int applies = 15;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      StateStore own = StateStores.etcd(etcd.endpoint());
      opened.add(own);
      int id = w;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < applies; i++) {
                  own.apply(List.of(pkg("contended", "writer" + id)));
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get(50, TimeUnit.SECONDS);
    }
    pool.shutdown();
    StateStore reader = opened.get(0);
    assertEquals(
        writers * applies,
        reader.get(new ArtifactRef("Package", "contended")).orElseThrow().version());
    assertEquals(
        StateStore.HISTORY + 1, reader.history(new ArtifactRef("Package", "contended")).size());
  }

  @Test
  void aRefusedConnectionFailsAtOnceNamingTheEndpoint() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port;
    long start = System.nanoTime();
    StoreException e = assertThrows(StoreException.class, () -> StateStores.etcd(endpoint));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1), "answered within 1 s");
    assertEquals(
        endpoint + ": connection refused: nothing listens on port " + port + "; is etcd running?",
        e.getMessage());
  }

  @Test
  void aSilentPeerStillGetsTheWholeTimeout() throws Exception {
    // the kernel accepts the connection, nobody ever answers
    try (java.net.ServerSocket silent = new java.net.ServerSocket(0);
        StateStore store = StateStores.etcd("http://127.0.0.1:" + silent.getLocalPort(), 1_000)) {
      StoreException e = assertThrows(StoreException.class, () -> store.list("Package"));
      assertTrue(
          e.getMessage().contains(": etcd did not answer within 1000 ms; is it running?"),
          e.getMessage());
    }
  }

  @Test
  void statesAreStoredAsPullpiriSpellsThem() throws Exception {
    StateStore store = store();
    store.transition(ResourceKind.SCENARIO, "video", null, "waiting");
    store.transition(ResourceKind.PACKAGE, "video", null, "running");
    store.transition(ResourceKind.MODEL, "video", null, "running");
    assertEquals("SCENARIO_STATE_WAITING", etcd.value("/scenario/video/state"));
    assertEquals("PACKAGE_STATE_RUNNING", etcd.value("/package/video/state"));
    assertEquals("Running", etcd.value("/model/video/state"));
  }

  @Test
  void ofRacingTransitionsFromOneStateExactlyOneWins() throws Exception {
    store().transition(ResourceKind.SCENARIO, "race", null, "waiting");
    int racers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<Transition>> results = new ArrayList<>();
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < racers; i++) {
      StateStore own = StateStores.etcd(etcd.endpoint());
      opened.add(own);
      results.add(
          pool.submit(
              () -> {
                start.await();
                return own.transition(ResourceKind.SCENARIO, "race", "waiting", "satisfied");
              }));
    }
    start.countDown();
    long won = 0;
    for (Future<Transition> f : results) {
      Transition t = f.get(30, TimeUnit.SECONDS);
      won += t.applied() ? 1 : 0;
      assertTrue(t.applied() || t.outcome() == Transition.Outcome.CONFLICT, t.toString());
    }
    pool.shutdown();
    assertEquals(1, won);
  }

  @Test
  void aBatchIsOneTransactionPerRoundOfDistinctScenariosNotOnePerTransition() throws Exception {
    StateStore store = store();
    int scenarios = 200; // more than etcd's 128 operations per transaction: two per round
    List<StateChange> changes = new ArrayList<>();
    String[] steps = {null, "waiting", "satisfied", "allowed", "completed"};
    for (int step = 1; step < steps.length; step++) {
      for (int s = 0; s < scenarios; s++) {
        changes.add(new StateChange(ResourceKind.SCENARIO, "s" + s, steps[step - 1], steps[step]));
      }
    }
    long before = etcd.revision();
    List<Transition> outcomes = store.transitions(changes);
    assertTrue(outcomes.stream().allMatch(Transition::applied), outcomes.toString());
    assertEquals(4 * 2, etcd.revision() - before, "one revision per transaction");
    for (int s = 0; s < scenarios; s++) {
      KeyValue kv = etcd.read("/scenario/s" + s + "/state");
      assertEquals("SCENARIO_STATE_COMPLETED", kv.getValue().toString(UTF_8));
      assertEquals(4, kv.getVersion(), "each transition put once");
    }
  }
}
