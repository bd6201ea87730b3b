package io.piccolo.adapters.dispatch;

import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.DecidedAction;
import java.util.ArrayList;
import java.util.List;

/**
 * What an allowed {@code rollback} does to the store: the target Package's previous version becomes
 * current again (as a new version). Containers are the executors' business; this is the part a
 * simulation against a store can really do.
 */
public final class PackageRollbacks {
  private final StateStore store;
  private final List<String> notes = new ArrayList<>();

  public PackageRollbacks(StateStore store) {
    this.store = store;
  }

  public void record(List<DecidedAction> decided) throws StoreException {
    for (DecidedAction d : decided) {
      if (!d.allowed() || !d.action().equals("rollback")) {
        continue;
      }
      ArtifactRef ref = new ArtifactRef("Package", d.target());
      if (store.history(ref).size() < 2) {
        notes.add(
            "at "
                + d.timeMillis() / 1000.0
                + " s: "
                + ref
                + " has no earlier version; nothing rolled back");
        continue;
      }
      StoredArtifact restored = store.rollback(ref);
      notes.add(
          "at "
              + d.timeMillis() / 1000.0
              + " s: rolled "
              + ref
              + " back to its previous version (now version "
              + restored.version()
              + ")");
    }
  }

  /** One line per rollback, for the run's summary. */
  public List<String> notes() {
    return notes;
  }
}
