package io.piccolo.connectors.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/** Opens the store a command was asked for. */
public final class StateStores {
  /** How long one etcd request may take before the command gives up. */
  public static final long ETCD_TIMEOUT_MILLIS = 5_000;

  private StateStores() {}

  /** The store of one process, empty at start. */
  public static StateStore inMemory() {
    return new MemoryStateStore();
  }

  /** A store saved in a JSON file, locked while open. */
  public static StateStore file(Path file) throws StoreException {
    return FileStateStore.open(file);
  }

  /** etcd at {@code endpoint}, e.g. {@code http://127.0.0.1:2379}. */
  public static StateStore etcd(String endpoint) throws StoreException {
    if (!endpoint.matches("https?://[^/\\s]+(:\\d+)?/?")) {
      throw new StoreException(
          "--etcd '" + endpoint + "' is not an etcd URL such as http://127.0.0.1:2379");
    }
    return new EtcdStateStore(endpoint, ETCD_TIMEOUT_MILLIS);
  }

  /** The same store, counting its state transitions by kind and outcome in {@code meters}. */
  public static StateStore metered(StateStore store, MeterRegistry meters) {
    return new MeteredStateStore(store, meters);
  }

  /** Where the local store lives: {@code $XDG_DATA_HOME/piccolo}, else {@code ~/.local/share}. */
  public static Path defaultFile() {
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("piccolo").resolve("store.json");
  }
}
