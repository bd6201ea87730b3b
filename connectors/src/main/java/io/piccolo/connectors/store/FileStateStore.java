package io.piccolo.connectors.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-memory store saved to a JSON file after every change, so {@code piccolo apply} and {@code
 * piccolo get} work across commands without etcd. An exclusive lock on a sibling file serialises
 * processes: one command at a time reads, changes and writes.
 */
final class FileStateStore extends MemoryStateStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private FileStateStore(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** How long a command waits for another one's turn at the store before saying who holds it. */
  private static final long LOCK_WAIT_MILLIS = 5_000;

  /** The lock, or null when another process (or another store in this one) kept it throughout. */
  private static FileLock lockWithin(FileChannel channel, long millis) throws IOException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (true) {
      try {
        FileLock lock = channel.tryLock();
        if (lock != null) {
          return lock;
        }
      } catch (java.nio.channels.OverlappingFileLockException held) {
        // held by another store of this process
      }
      if (System.nanoTime() > deadline) {
        return null;
      }
      try {
        Thread.sleep(50); // another command's turn usually lasts milliseconds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  static FileStateStore open(Path file) throws StoreException {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel channel =
          FileChannel.open(
              file.resolveSibling(file.getFileName() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE);
      FileLock lock = lockWithin(channel, LOCK_WAIT_MILLIS);
      if (lock == null) {
        channel.close();
        throw new StoreException(
            file
                + ": the local store is in use by another piccolo process (a running piccolo"
                + " serve keeps it for as long as it runs): talk to that server with --server URL,"
                + " or try again when the other command has finished");
      }
      FileStateStore store = new FileStateStore(file, channel, lock);
      store.load();
      return store;
    } catch (IOException e) {
      throw new StoreException(file + ": cannot open the local store: " + e.getMessage(), e);
    }
  }

  private void load() throws StoreException {
    if (!Files.exists(file)) {
      return;
    }
    try {
      JsonNode root = JSON.readTree(file.toFile());
      List<StoredArtifact> oldestFirst = new ArrayList<>();
      for (JsonNode a : root.path("artifacts")) {
        oldestFirst.add(
            new StoredArtifact(
                a.path("kind").asText(),
                a.path("name").asText(),
                a.path("version").asLong(),
                a.path("document")));
      }
      Map<String, Long> last = new LinkedHashMap<>();
      root.path("lastVersions")
          .fields()
          .forEachRemaining(e -> last.put(e.getKey(), e.getValue().asLong()));
      Map<String, String> states = new LinkedHashMap<>();
      root.path("states")
          .fields()
          .forEachRemaining(e -> states.put(e.getKey(), e.getValue().asText()));
      restore(oldestFirst, last, states);
    } catch (IOException e) {
      throw new StoreException(
          file
              + ": the local store is not readable ("
              + e.getMessage()
              + "); move it aside to start empty",
          e);
    }
  }

  /*
   * A change is made in memory and serialised under the store's monitor, and written to disk after
   * the monitor is released: readers (the dispatcher resolving a Package, a state lookup) never
   * wait for an fsync. Each changing call still returns only once its change, or a later one that
   * holds it, is on disk; writers that come while one writes are covered by one write.
   */
  private final Object disk = new Object();
  private byte[] unwritten; // guarded by this
  private long changes; // guarded by this
  private long written; // guarded by disk

  @Override
  public List<StoredArtifact> apply(List<Artifact> artifacts) throws StoreException {
    List<StoredArtifact> stored = super.apply(artifacts);
    persist();
    return stored;
  }

  @Override
  public List<ArtifactRef> delete(List<ArtifactRef> refs) throws StoreException {
    List<ArtifactRef> removed = super.delete(refs);
    persist();
    return removed;
  }

  @Override
  public StoredArtifact rollback(ArtifactRef ref) throws StoreException {
    StoredArtifact restored = super.rollback(ref);
    persist();
    return restored;
  }

  @Override
  public Transition transition(ResourceKind kind, String name, String from, String to)
      throws StoreException {
    return transitions(List.of(new StateChange(kind, name, from, to))).get(0);
  }

  @Override
  public List<Transition> transitions(List<StateChange> changes) throws StoreException {
    List<Transition> out = super.transitions(changes);
    persist();
    return out;
  }

  /** Writes the newest serialised contents unless a write since this caller's change holds them. */
  private void persist() throws StoreException {
    synchronized (disk) {
      byte[] bytes;
      long upTo;
      synchronized (this) {
        bytes = unwritten;
        upTo = changes;
      }
      if (upTo <= written) {
        return;
      }
      write(bytes);
      written = upTo;
    }
  }

  @Override
  void changed() throws StoreException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode artifacts = root.putArray("artifacts");
    for (Deque<StoredArtifact> deque : snapshot().values()) {
      for (Iterator<StoredArtifact> it = deque.descendingIterator(); it.hasNext(); ) {
        StoredArtifact s = it.next();
        ObjectNode a = artifacts.addObject();
        a.put("kind", s.kind()).put("name", s.name()).put("version", s.version());
        a.set("document", s.document());
      }
    }
    ObjectNode last = root.putObject("lastVersions");
    lastVersions().forEach(last::put);
    ObjectNode states = root.putObject("states");
    stateValues().forEach(states::put);
    try {
      unwritten = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new StoreException(file + ": cannot save the local store: " + e.getMessage(), e);
    }
    changes++;
  }

  private void write(byte[] bytes) throws StoreException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      writeSynced(temp, bytes);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      syncFolder(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new StoreException(file + ": cannot save the local store: " + e.getMessage(), e);
    }
  }

  /**
   * The new contents reach the disk before the rename, and the rename before the command returns,
   * so a power cut leaves the old file or the new one, never a truncated one.
   */
  private static void writeSynced(Path path, byte[] bytes) throws IOException {
    try (FileChannel out =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
      out.force(true);
    }
  }

  /** A rename is durable once its folder is synced (POSIX); some systems cannot open folders. */
  private static void syncFolder(Path folder) throws IOException {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (java.nio.file.AccessDeniedException | UnsupportedOperationException e) {
      // Windows opens no folder as a file; its rename is already durable there
    }
  }

  @Override
  public void close() throws StoreException {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new StoreException(file + ": cannot release the store lock: " + e.getMessage(), e);
    }
  }
}
