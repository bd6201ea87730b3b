package io.piccolo.connectors.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled classes in a folder: whole files only, damage reads as nothing, bounded in size. */
class FolderClassCacheTest {
  @TempDir Path dir;

  private static Map<String, byte[]> classes(int size, byte fill) {
    byte[] bytes = new byte[size];
    java.util.Arrays.fill(bytes, fill);
    return Map.of("a/Rule_a$u45$b1.class", bytes, "a/Rule_a$u45$b1$1.class", new byte[] {fill});
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> list = Files.list(dir.resolve("classes"))) {
      return list.toList();
    }
  }

  @Test
  void whatIsWrittenIsReadBack() {
    FolderClassCache cache = new FolderClassCache(dir.resolve("classes"), 1 << 20, "env");
    cache.write("k", classes(100, (byte) 7));
    Map<String, byte[]> read = cache.read("k").orElseThrow();
    assertEquals(2, read.size());
    assertArrayEquals(
        classes(100, (byte) 7).get("a/Rule_a$u45$b1.class"), read.get("a/Rule_a$u45$b1.class"));
    assertEquals(Optional.empty(), cache.read("other"));
  }

  @Test
  void anotherEnvironmentFindsNothing() {
    new FolderClassCache(dir.resolve("classes"), 1 << 20, "piccolo 1")
        .write("k", classes(10, (byte) 1));
    assertEquals(
        Optional.empty(),
        new FolderClassCache(dir.resolve("classes"), 1 << 20, "piccolo 2").read("k"));
  }

  @Test
  void aDamagedOrTruncatedFileIsAMiss() throws Exception {
    FolderClassCache cache = new FolderClassCache(dir.resolve("classes"), 1 << 20, "env");
    cache.write("k", classes(100, (byte) 7));
    Path file = files().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[40] ^= 1;
    Files.write(file, bytes);
    assertEquals(Optional.empty(), cache.read("k"), "a flipped bit");
    Files.write(file, java.util.Arrays.copyOf(bytes, 30));
    assertEquals(Optional.empty(), cache.read("k"), "a truncated file");
    cache.write("k", classes(100, (byte) 7));
    assertTrue(cache.read("k").isPresent(), "written again whole");
  }

  @Test
  void concurrentWritersAndReadersOfOneKeyOnlySeeWholeFiles() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        byte fill = (byte) (i % 2);
        work.add(
            pool.submit(
                () -> {
                  FolderClassCache cache =
                      new FolderClassCache(dir.resolve("classes"), 1 << 24, "env");
                  cache.write("k", classes(50_000, fill));
                  Map<String, byte[]> read = cache.read("k").orElseThrow();
                  byte[] big = read.get("a/Rule_a$u45$b1.class");
                  assertEquals(50_000, big.length);
                  for (byte b : big) {
                    assertEquals(big[0], b, "one writer's file, whole");
                  }
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, files().size(), "no temporary file left behind");
  }

  @Test
  void pastItsLimitTheLeastRecentlyUsedFilesGo() throws Exception {
    FolderClassCache cache = new FolderClassCache(dir.resolve("classes"), 25_000, "env");
    cache.write("old", classes(10_000, (byte) 1));
    cache.write("used", classes(10_000, (byte) 2));
    for (Path f : files()) {
      Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000));
    }
    assertTrue(cache.read("used").isPresent()); // a read makes it recent
    cache.write("new", classes(10_000, (byte) 3));
    assertEquals(Optional.empty(), cache.read("old"));
    assertTrue(cache.read("used").isPresent());
    assertTrue(cache.read("new").isPresent());
  }

  @Test
  void aFolderThatCannotBeMadeHoldsNothingAndFailsNothing() throws Exception {
    Path notAFolder = dir.resolve("file");
    Files.writeString(notAFolder, "x");
    FolderClassCache cache = new FolderClassCache(notAFolder.resolve("classes"), 1 << 20, "env");
    cache.write("k", classes(10, (byte) 1));
    assertEquals(Optional.empty(), cache.read("k"));
  }

  @Test
  void theDefaultFolderIsUnderTheUsersCacheFolder() {
    Path folder = FolderClassCache.defaultFolder();
    assertTrue(folder.endsWith(Path.of("piccolo", "classes")), folder::toString);
  }
}
