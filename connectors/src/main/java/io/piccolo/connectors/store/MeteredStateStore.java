package io.piccolo.connectors.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Counts state transitions by kind and outcome ({@code piccolo.state.transitions}, published as
 * {@code piccolo_state_transitions_total}): refused ones show a rule or a writer out of step.
 */
final class MeteredStateStore implements StateStore {
  static final String TRANSITIONS = "piccolo.state.transitions";

  private final StateStore store;
  private final MeterRegistry meters;

  MeteredStateStore(StateStore store, MeterRegistry meters) {
    this.store = store;
    this.meters = meters;
  }

  @Override
  public Transition transition(ResourceKind kind, String name, String from, String to)
      throws StoreException {
    Transition t = store.transition(kind, name, from, to);
    count(kind, t);
    return t;
  }

  @Override
  public List<Transition> transitions(List<StateChange> changes) throws StoreException {
    List<Transition> outcomes = store.transitions(changes);
    for (int i = 0; i < changes.size(); i++) {
      count(changes.get(i).kind(), outcomes.get(i));
    }
    return outcomes;
  }

  private void count(ResourceKind kind, Transition t) {
    Counter.builder(TRANSITIONS)
        .description("state transitions by outcome: applied, conflict (lost a race), rejected")
        .tags("kind", lower(kind.name()), "outcome", lower(t.outcome().name()))
        .register(meters)
        .increment();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public List<StoredArtifact> apply(List<Artifact> artifacts) throws StoreException {
    return store.apply(artifacts);
  }

  @Override
  public List<ArtifactRef> delete(List<ArtifactRef> refs) throws StoreException {
    return store.delete(refs);
  }

  @Override
  public Optional<StoredArtifact> get(ArtifactRef ref) throws StoreException {
    return store.get(ref);
  }

  @Override
  public List<StoredArtifact> list(String kind) throws StoreException {
    return store.list(kind);
  }

  @Override
  public List<StoredArtifact> history(ArtifactRef ref) throws StoreException {
    return store.history(ref);
  }

  @Override
  public StoredArtifact rollback(ArtifactRef ref) throws StoreException {
    return store.rollback(ref);
  }

  @Override
  public Watch watch(String kind, Consumer<List<StoredArtifact>> current) throws StoreException {
    return store.watch(kind, current);
  }

  @Override
  public Watch watchStates(ResourceKind kind, Consumer<Map<String, String>> current)
      throws StoreException {
    return store.watchStates(kind, current);
  }

  @Override
  public Map<String, String> states(ResourceKind kind) throws StoreException {
    return store.states(kind);
  }

  @Override
  public Optional<String> state(ResourceKind kind, String name) throws StoreException {
    return store.state(kind, name);
  }

  @Override
  public void close() throws StoreException {
    store.close();
  }
}
