package io.piccolo.connectors.store;

import io.piccolo.engine.state.ResourceKind;
import io.piccolo.engine.state.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cluster-wide work for the elected leader: every package's state follows its models' states, as
 * Pullpiri derives it, recomputed whenever a model state or a package changes.
 */
public final class PackageStateDeriver implements AutoCloseable {
  private final StateStore store;
  private final List<StateStore.Watch> watches = new ArrayList<>();

  private PackageStateDeriver(StateStore store) {
    this.store = store;
  }

  public static PackageStateDeriver start(StateStore store) throws StoreException {
    PackageStateDeriver d = new PackageStateDeriver(store);
    d.watches.add(store.watchStates(ResourceKind.MODEL, models -> d.deriveQuietly()));
    d.watches.add(store.watch("Package", packages -> d.deriveQuietly()));
    return d;
  }

  private synchronized void deriveQuietly() {
    try {
      derive();
    } catch (StoreException e) {
      // the next change derives again, against the store as it is then
    }
  }

  /** Brings every stored package's state in line with its models'; returns how many changed. */
  synchronized int derive() throws StoreException {
    Map<String, String> models = store.states(ResourceKind.MODEL);
    Map<String, String> packages = store.states(ResourceKind.PACKAGE);
    int changed = 0;
    for (StoredArtifact p : store.list("Package")) {
      List<String> states = new ArrayList<>();
      p.document()
          .path("spec")
          .path("models")
          .forEach(m -> states.add(models.getOrDefault(m.path("name").asText(), "created")));
      String derived = StateMachine.packageState(states);
      String current = packages.get(p.name());
      if (!derived.equals(current)
          && store.transition(ResourceKind.PACKAGE, p.name(), current, derived).applied()) {
        changed++;
      }
    }
    return changed;
  }

  @Override
  public void close() {
    watches.forEach(StateStore.Watch::close);
  }
}
