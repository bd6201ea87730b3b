package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every store must do; one subclass per implementation, each against the real thing. */
abstract class StateStoreContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store that is empty at the start of each test. */
  abstract StateStore store() throws Exception;

  static Artifact pkg(String name, String node) throws Exception {
    JsonNode doc =
        JSON.readTree(
            "{\"apiVersion\":\"v1\",\"kind\":\"Package\",\"metadata\":{\"name\":\""
                + name
                + "\",\"label\":null},\"spec\":{\"models\":[{\"name\":\""
                + name
                + "\",\"node\":\""
                + node
                + "\"}]}}");
    return Artifact.of("Package", name, doc);
  }

  static String node(StoredArtifact s) {
    return s.document().at("/spec/models/0/node").asText();
  }

  @Test
  void applyStoresTheWholeDocumentAsVersionOne() throws Exception {
    StateStore store = store();
    Artifact a = pkg("helloworld", "HPC");
    store.apply(List.of(a));
    StoredArtifact s = store.get(new ArtifactRef("Package", "helloworld")).orElseThrow();
    assertEquals(1, s.version());
    assertEquals(a.document(), s.document());
    assertTrue(s.document().at("/metadata/label").isNull(), "null fields survive");
  }

  @Test
  void everyApplyIsANewVersionAndTheLastTenAreKept() throws Exception {
    StateStore store = store();
    for (int i = 1; i <= 13; i++) {
      store.apply(List.of(pkg("p", "node" + i)));
    }
    List<StoredArtifact> history = store.history(new ArtifactRef("Package", "p"));
    assertEquals(11, history.size());
    assertEquals(
        IntStream.rangeClosed(3, 13).map(i -> 16 - i).boxed().map(Long::valueOf).toList(),
        history.stream().map(StoredArtifact::version).toList());
    assertEquals("node13", node(history.get(0)));
    assertEquals("node3", node(history.get(10)));
  }

  @Test
  void rollbackRestoresThePreviousVersionAsANewOne() throws Exception {
    StateStore store = store();
    ArtifactRef ref = new ArtifactRef("Package", "p");
    store.apply(List.of(pkg("p", "HPC")));
    assertThrows(StoreException.class, () -> store.rollback(ref));
    store.apply(List.of(pkg("p", "cloud")));
    StoredArtifact restored = store.rollback(ref);
    assertEquals(3, restored.version());
    assertEquals("HPC", node(restored));
    assertEquals("HPC", node(store.get(ref).orElseThrow()));
  }

  @Test
  void deleteRemovesArtifactsAndTheirHistoryButNotTheirVersionCount() throws Exception {
    StateStore store = store();
    store.apply(List.of(pkg("a", "HPC"), pkg("b", "HPC")));
    List<ArtifactRef> removed =
        store.delete(
            List.of(new ArtifactRef("Package", "a"), new ArtifactRef("Package", "missing")));
    assertEquals(List.of(new ArtifactRef("Package", "a")), removed);
    assertTrue(store.get(new ArtifactRef("Package", "a")).isEmpty());
    assertEquals(List.of(), store.history(new ArtifactRef("Package", "a")));
    store.apply(List.of(pkg("a", "cloud")));
    assertEquals(2, store.get(new ArtifactRef("Package", "a")).orElseThrow().version());
  }

  @Test
  void listGivesTheCurrentVersionOfEachArtifactOfAKindByName() throws Exception {
    StateStore store = store();
    store.apply(List.of(pkg("zeta", "HPC"), pkg("alpha", "HPC")));
    store.apply(List.of(pkg("alpha", "cloud")));
    List<StoredArtifact> packages = store.list("Package");
    assertEquals(List.of("alpha", "zeta"), packages.stream().map(StoredArtifact::name).toList());
    assertEquals(2, packages.get(0).version());
    assertEquals(List.of(), store.list("Model"));
  }

  @Test
  void aScenarioMovesThroughItsStatesAndAnInvalidStepIsRejected() throws Exception {
    StateStore store = store();
    assertEquals(Optional.empty(), store.state(ResourceKind.SCENARIO, "s"));
    assertTrue(store.transition(ResourceKind.SCENARIO, "s", null, "waiting").applied());
    assertTrue(store.transition(ResourceKind.SCENARIO, "s", "waiting", "satisfied").applied());
    Transition skip = store.transition(ResourceKind.SCENARIO, "s", "satisfied", "completed");
    assertEquals(Transition.Outcome.REJECTED, skip.outcome());
    assertEquals(
        "no transition from satisfied to completed (from satisfied: allowed, denied, idle)",
        skip.reason());
    assertEquals(Optional.of("satisfied"), store.state(ResourceKind.SCENARIO, "s"));
  }

  @Test
  void aTransitionFromAStaleStateIsAConflictAndChangesNothing() throws Exception {
    StateStore store = store();
    store.transition(ResourceKind.MODEL, "m", null, "running");
    Transition stale = store.transition(ResourceKind.MODEL, "m", "created", "running");
    assertEquals(Transition.Outcome.CONFLICT, stale.outcome());
    assertEquals("running", stale.current());
    assertTrue(store.transition(ResourceKind.MODEL, "m", "running", "dead").applied());
    assertEquals(Optional.of("dead"), store.state(ResourceKind.MODEL, "m"));
  }

  @Test
  void manyTransitionsAtOnceGiveWhatOneAtATimeWould() throws Exception {
    StateStore store = store();
    store.transition(ResourceKind.MODEL, "m", null, "running");
    List<StateChange> changes =
        List.of(
            new StateChange(ResourceKind.SCENARIO, "a", null, "waiting"),
            new StateChange(ResourceKind.SCENARIO, "b", null, "waiting"),
            new StateChange(ResourceKind.SCENARIO, "a", "waiting", "satisfied"),
            new StateChange(ResourceKind.SCENARIO, "a", "satisfied", "completed"),
            new StateChange(ResourceKind.SCENARIO, "a", "satisfied", "allowed"),
            new StateChange(ResourceKind.MODEL, "m", "created", "dead"),
            new StateChange(ResourceKind.SCENARIO, "b", "waiting", "satisfied"));
    List<Transition> outcomes = store.transitions(changes);
    assertEquals(
        List.of(
            Transition.Outcome.APPLIED,
            Transition.Outcome.APPLIED,
            Transition.Outcome.APPLIED,
            Transition.Outcome.REJECTED,
            Transition.Outcome.APPLIED,
            Transition.Outcome.CONFLICT,
            Transition.Outcome.APPLIED),
        outcomes.stream().map(Transition::outcome).toList());
    assertEquals("running", outcomes.get(5).current());
    assertEquals(Optional.of("allowed"), store.state(ResourceKind.SCENARIO, "a"));
    assertEquals(Optional.of("satisfied"), store.state(ResourceKind.SCENARIO, "b"));
    assertEquals(Optional.of("running"), store.state(ResourceKind.MODEL, "m"));
  }

  @Test
  void aBatchFromAStateAnotherWriterMovedIsAConflictForThatResourceOnly() throws Exception {
    StateStore store = store();
    store.transitions(
        List.of(
            new StateChange(ResourceKind.SCENARIO, "a", null, "waiting"),
            new StateChange(ResourceKind.SCENARIO, "b", null, "waiting")));
    store.transition(ResourceKind.SCENARIO, "a", "waiting", "idle");
    List<Transition> outcomes =
        store.transitions(
            List.of(
                new StateChange(ResourceKind.SCENARIO, "a", "waiting", "satisfied"),
                new StateChange(ResourceKind.SCENARIO, "b", "waiting", "satisfied")));
    assertEquals(Transition.Outcome.CONFLICT, outcomes.get(0).outcome());
    assertEquals("idle", outcomes.get(0).current());
    assertTrue(outcomes.get(1).applied());
    assertEquals(Optional.of("idle"), store.state(ResourceKind.SCENARIO, "a"));
  }
}
