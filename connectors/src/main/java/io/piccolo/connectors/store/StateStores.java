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

  /** Whether {@code text} is an etcd client URL such as {@code http://127.0.0.1:2379}. */
  public static boolean isEtcdUrl(String text) {
    return EtcdEndpoint.isUrl(text);
  }

  /**
   * etcd at {@code endpoint}, e.g. {@code http://127.0.0.1:2379} (port 2379 when none is given).
   * Fails at once when nothing listens there.
   */
  public static StateStore etcd(String endpoint) throws StoreException {
    return etcd(endpoint, ETCD_TIMEOUT_MILLIS);
  }

  /** The same, each request giving up after {@code timeoutMillis}. */
  public static StateStore etcd(String endpoint, long timeoutMillis) throws StoreException {
    EtcdEndpoint parsed = EtcdEndpoint.parse(endpoint);
    if (parsed == null) {
      throw new StoreException(
          "'" + endpoint + "' is not an etcd URL such as http://127.0.0.1:2379");
    }
    parsed.checkListening(endpoint);
    return new EtcdStateStore(endpoint, parsed.url(), timeoutMillis);
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
