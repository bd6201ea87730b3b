package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
