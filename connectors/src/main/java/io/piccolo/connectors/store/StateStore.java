package io.piccolo.connectors.store;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where artifacts and states live: in memory for one process, or in etcd when several processes or
 * nodes share them. Keys follow Pullpiri's layout ({@code Scenario/helloworld}).
 */
public interface StateStore extends AutoCloseable {
  /** How many earlier versions of an artifact are kept besides the current one (so 11 in all). */
  int HISTORY = 10;

  /**
   * Stores every artifact as its next version, or none of them.
   *
   * @return what was stored, in the same order, with the versions this apply gave them
   */
  List<StoredArtifact> apply(List<Artifact> artifacts) throws StoreException;

  /**
   * Removes every named artifact that is stored, or none; their history goes with them.
   *
   * @return the ones that were stored
   */
  List<ArtifactRef> delete(List<ArtifactRef> refs) throws StoreException;

  Optional<StoredArtifact> get(ArtifactRef ref) throws StoreException;

  /** The current version of every artifact of a kind, by name. */
  List<StoredArtifact> list(String kind) throws StoreException;

  /** The current version first, then up to {@link #HISTORY} earlier ones, newest first. */
  List<StoredArtifact> history(ArtifactRef ref) throws StoreException;

  /**
   * Makes the previous version current again, as a new version.
   *
   * @return the new current version
   * @throws StoreException when there is no earlier version
   */
  StoredArtifact rollback(ArtifactRef ref) throws StoreException;

  /**
   * Tells {@code current} every stored artifact of a kind now, and again after each change, on a
   * thread of the store's. Close the returned handle to stop.
   */
  Watch watch(String kind, Consumer<List<StoredArtifact>> current) throws StoreException;

  /**
   * Tells {@code current} every recorded state of a kind (name to lower-case state) now, and again
   * after each change, on a thread of the store's.
   */
  Watch watchStates(ResourceKind kind, Consumer<Map<String, String>> current) throws StoreException;

  /** Every recorded state of a kind, name to lower-case state. */
  Map<String, String> states(ResourceKind kind) throws StoreException;

  /** A running watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  /** The recorded state, in lower case (e.g. {@code waiting}), or empty when none is. */
  Optional<String> state(ResourceKind kind, String name) throws StoreException;

  /**
   * Records {@code from → to} if the state machine allows it and the stored state is still {@code
   * from} (null: nothing recorded yet), atomically: of two racing writers, one wins.
   */
  Transition transition(ResourceKind kind, String name, String from, String to)
      throws StoreException;

  /**
   * Records each change as {@link #transition} would, in list order for changes of one resource;
   * changes of different resources may share one atomic write, which is what makes a backlog drain
   * fast. A failure of the store part-way leaves every change either recorded or not, never half.
   *
   * @return one outcome per change, in list order
   */
  List<Transition> transitions(List<StateChange> changes) throws StoreException;

  @Override
  void close() throws StoreException;
}
