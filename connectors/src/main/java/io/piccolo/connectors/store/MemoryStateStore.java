package io.piccolo.connectors.store;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import io.piccolo.engine.state.StateMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The store of one process: artifacts and their versions in memory. Thread-safe; every operation is
 * atomic.
 */
class MemoryStateStore implements StateStore {
  /** Per key, newest first: the current version and up to HISTORY earlier ones. */
  private final Map<String, Deque<StoredArtifact>> versions = new TreeMap<>();

  /** Versions keep counting across deletes, so a re-applied artifact never reuses a number. */
  private final Map<String, Long> lastVersion = new TreeMap<>();

  /** State keys ({@code /scenario/x/state}) to values as Pullpiri spells them. */
  private final Map<String, String> states = new TreeMap<>();

  private final List<Listener> listeners = new ArrayList<>();
  private final List<StateListener> stateListeners = new ArrayList<>();

  @Override
  public synchronized List<StoredArtifact> apply(List<Artifact> artifacts) throws StoreException {
    List<StoredArtifact> stored = new ArrayList<>();
    for (Artifact a : artifacts) {
      long version = lastVersion.getOrDefault(a.key(), 0L) + 1;
      StoredArtifact s = new StoredArtifact(a.kind(), a.name(), version, a.document().deepCopy());
      push(s);
      stored.add(s);
    }
    changed();
    tellListeners(artifacts.stream().map(Artifact::kind).collect(Collectors.toSet()));
    return stored;
  }

  private void push(StoredArtifact stored) {
    Deque<StoredArtifact> deque = versions.computeIfAbsent(stored.key(), k -> new ArrayDeque<>());
    deque.addFirst(stored);
    while (deque.size() > HISTORY + 1) {
      deque.removeLast();
    }
    lastVersion.put(stored.key(), stored.version());
  }

  @Override
  public synchronized List<ArtifactRef> delete(List<ArtifactRef> refs) throws StoreException {
    List<ArtifactRef> removed = new ArrayList<>();
    for (ArtifactRef ref : refs) {
      if (versions.remove(ref.key()) != null) {
        removed.add(ref);
      }
    }
    if (!removed.isEmpty()) {
      changed();
      tellListeners(removed.stream().map(ArtifactRef::kind).collect(Collectors.toSet()));
    }
    return removed;
  }

  @Override
  public synchronized Optional<StoredArtifact> get(ArtifactRef ref) {
    Deque<StoredArtifact> deque = versions.get(ref.key());
    return deque == null ? Optional.empty() : Optional.of(deque.peekFirst());
  }

  @Override
  public synchronized List<StoredArtifact> list(String kind) {
    List<StoredArtifact> out = new ArrayList<>();
    versions.forEach(
        (key, deque) -> {
          if (key.startsWith(kind + "/")) {
            out.add(deque.peekFirst());
          }
        });
    return out;
  }

  @Override
  public synchronized List<StoredArtifact> history(ArtifactRef ref) {
    Deque<StoredArtifact> deque = versions.get(ref.key());
    return deque == null ? List.of() : List.copyOf(deque);
  }

  @Override
  public synchronized StoredArtifact rollback(ArtifactRef ref) throws StoreException {
    List<StoredArtifact> past = history(ref);
    if (past.size() < 2) {
      throw new StoreException(ref + " has no earlier version to roll back to");
    }
    StoredArtifact previous = past.get(1);
    StoredArtifact restored =
        new StoredArtifact(
            ref.kind(), ref.name(), past.get(0).version() + 1, previous.document().deepCopy());
    push(restored);
    changed();
    tellListeners(Set.of(ref.kind()));
    return restored;
  }

  @Override
  public synchronized Optional<String> state(ResourceKind kind, String name) {
    String stored = states.get(kind.stateKey(name));
    return stored == null ? Optional.empty() : Optional.of(kind.stateOf(stored));
  }

  @Override
  public synchronized Transition transition(ResourceKind kind, String name, String from, String to)
      throws StoreException {
    return transitions(List.of(new StateChange(kind, name, from, to))).get(0);
  }

  /** Every change under one lock, then one save and one notice per kind that changed. */
  @Override
  public synchronized List<Transition> transitions(List<StateChange> changes)
      throws StoreException {
    List<Transition> out = new ArrayList<>(changes.size());
    Set<ResourceKind> changedKinds = new HashSet<>();
    for (StateChange c : changes) {
      Transition t = step(c);
      if (t.applied()) {
        changedKinds.add(c.kind());
      }
      out.add(t);
    }
    if (!changedKinds.isEmpty()) {
      changed();
      for (StateListener l : List.copyOf(stateListeners)) {
        if (changedKinds.contains(l.kind())) {
          l.current().accept(states(l.kind()));
        }
      }
    }
    return out;
  }

  private Transition step(StateChange c) {
    Optional<String> invalid = StateMachine.reject(c.kind(), c.from(), c.to());
    String current = state(c.kind(), c.name()).orElse(null);
    if (invalid.isPresent()) {
      return new Transition(Transition.Outcome.REJECTED, current, invalid.get());
    }
    if (!Objects.equals(current, c.from())) {
      return new Transition(
          Transition.Outcome.CONFLICT, current, "the state is " + current + ", not " + c.from());
    }
    states.put(c.key(), c.kind().storedValue(c.to()));
    return new Transition(Transition.Outcome.APPLIED, c.to(), null);
  }

  /** State keys and their stored values, for saving. */
  synchronized Map<String, String> stateValues() {
    return states;
  }

  @Override
  public Watch watch(String kind, Consumer<List<StoredArtifact>> current) {
    Listener listener = new Listener(kind, current);
    synchronized (this) {
      listeners.add(listener);
      listener.tell(list(kind));
    }
    return () -> {
      synchronized (this) {
        listeners.remove(listener);
      }
    };
  }

  @Override
  public Watch watchStates(ResourceKind kind, Consumer<Map<String, String>> current) {
    StateListener listener = new StateListener(kind, current);
    synchronized (this) {
      stateListeners.add(listener);
      current.accept(states(kind));
    }
    return () -> {
      synchronized (this) {
        stateListeners.remove(listener);
      }
    };
  }

  @Override
  public synchronized Map<String, String> states(ResourceKind kind) {
    Map<String, String> out = new TreeMap<>();
    states.forEach(
        (key, value) -> {
          String name = kind.nameOf(key);
          if (name != null) {
            out.put(name, kind.stateOf(value));
          }
        });
    return out;
  }

  private record StateListener(ResourceKind kind, Consumer<Map<String, String>> current) {}

  private record Listener(String kind, Consumer<List<StoredArtifact>> current) {
    void tell(List<StoredArtifact> artifacts) {
      current.accept(artifacts);
    }
  }

  private void tellListeners(Set<String> kinds) {
    for (Listener l : List.copyOf(listeners)) {
      if (kinds.contains(l.kind())) {
        l.tell(list(l.kind()));
      }
    }
  }

  /** Called after every change, holding the lock; the file-backed store saves here. */
  void changed() throws StoreException {}

  /** Every key with its versions, newest first, for saving. */
  synchronized Map<String, Deque<StoredArtifact>> snapshot() {
    return versions;
  }

  /** The last version number ever given per key, deleted artifacts included. */
  synchronized Map<String, Long> lastVersions() {
    return lastVersion;
  }

  synchronized void restore(
      List<StoredArtifact> oldestFirst, Map<String, Long> last, Map<String, String> stateValues) {
    versions.clear();
    lastVersion.clear();
    states.clear();
    states.putAll(stateValues);
    for (StoredArtifact s : oldestFirst) {
      push(s);
    }
    lastVersion.putAll(last);
  }

  @Override
  public void close() throws StoreException {}
}
