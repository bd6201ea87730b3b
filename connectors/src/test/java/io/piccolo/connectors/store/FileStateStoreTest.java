package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.state.ResourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest extends StateStoreContract {
  @TempDir Path dir;
  private StateStore open;

  @Override
  StateStore store() throws Exception {
    open = StateStores.file(dir.resolve("store.json"));
    return open;
  }

  @AfterEach
  void closeStore() throws Exception {
    if (open != null) {
      open.close();
    }
  }

  @Test
  void whatOneCommandStoredTheNextOneReads() throws Exception {
    Path file = dir.resolve("shared.json");
    try (StateStore first = StateStores.file(file)) {
      first.apply(List.of(pkg("p", "HPC")));
      first.apply(List.of(pkg("p", "cloud")));
      first.delete(List.of(new ArtifactRef("Package", "p")));
      first.apply(List.of(pkg("p", "edge")));
    }
    try (StateStore second = StateStores.file(file)) {
      StoredArtifact p = second.get(new ArtifactRef("Package", "p")).orElseThrow();
      assertEquals(3, p.version());
      assertEquals("edge", node(p));
    }
  }

  @Test
  void anUnreadableStoreFileIsNamedAndNotOverwritten() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{not json");
    StoreException e = assertThrows(StoreException.class, () -> StateStores.file(file));
    assertTrue(
        e.getMessage().startsWith(file + ": the local store is not readable"), e.getMessage());
    assertEquals("{not json", Files.readString(file));
  }

  @Test
  void changesFromManyThreadsAtOnceAreAllOnDiskWhenTheirCallsReturn() throws Exception {
    Path file = dir.resolve("busy.json");
    int threads = 4;
    int steps = 50;
    String[] chain = {"idle", "waiting", "satisfied", "allowed", "completed"};
    java.util.Map<String, String> inMemory;
    try (StateStore store = StateStores.file(file)) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads + 1);
      List<java.util.concurrent.Future<?>> work = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String name = "s" + t;
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < steps; i++) {
                    String from = i == 0 ? null : chain[(i - 1) % 4 + 1];
                    String to = chain[i % 4 + 1];
                    store.transition(ResourceKind.SCENARIO, name, from, to);
                    store.apply(List.of(pkg("p" + name, "v" + i)));
                  }
                  return null;
                }));
      }
      // a reader beside them: reads answer while writes go on
      work.add(
          pool.submit(
              () -> {
                for (int i = 0; i < steps * threads; i++) {
                  store.get(new ArtifactRef("Package", "ps0"));
                  store.state(ResourceKind.SCENARIO, "s1");
                }
                return null;
              }));
      for (java.util.concurrent.Future<?> w : work) {
        w.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
      pool.shutdown();
      inMemory = store.states(ResourceKind.SCENARIO);
    }
    try (StateStore reopened = StateStores.file(file)) {
      assertEquals(inMemory, reopened.states(ResourceKind.SCENARIO));
      assertEquals(threads, inMemory.size(), inMemory::toString);
      for (int t = 0; t < threads; t++) {
        StoredArtifact p = reopened.get(new ArtifactRef("Package", "ps" + t)).orElseThrow();
        assertEquals(steps, p.version(), "package ps" + t);
        assertEquals("v" + (steps - 1), node(p));
      }
    }
  }
}
