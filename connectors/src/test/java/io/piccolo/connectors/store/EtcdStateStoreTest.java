package io.piccolo.connectors.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.piccolo.connectors.testing.EtcdServer;
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
    try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
      String yaml =
          client
              .getKVClient()
              .get(ByteSequence.from("Package/helloworld", UTF_8))
              .get(10, TimeUnit.SECONDS)
              .getKvs()
              .get(0)
              .getValue()
              .toString(UTF_8);
      assertTrue(
          yaml.startsWith("apiVersion: v1\nkind: Package\nmetadata:\n  name: helloworld\n"), yaml);
    }
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
  void anUnreachableEtcdIsAClearErrorNotAHang() throws Exception {
    try (StateStore store = new EtcdStateStore("http://127.0.0.1:1", 1_000)) {
      StoreException e = assertThrows(StoreException.class, () -> store.list("Package"));
      assertTrue(
          e.getMessage().startsWith("http://127.0.0.1:1: etcd did not answer within 1000 ms"),
          e.getMessage());
    }
  }
}
