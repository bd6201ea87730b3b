package io.piccolo.engine;

import io.piccolo.engine.fact.Episode;
import java.util.HashSet;
import java.util.Set;
import org.drools.core.common.InternalFactHandle;
import org.kie.api.runtime.rule.FactHandle;

/**
 * The global an edge-triggered rule's consequence asks whether to run: each firing inserts its
 * {@link Episode} logically, and Drools hands back the episode already held for an equal match. The
 * consequence runs for the first firing of an episode only, so updates of matched facts that keep
 * the match fire nothing, and a match that goes and comes back fires again.
 */
public final class EdgeEpisodes {
  /**
   * Episodes open before a rule reload: their first firing in the new session announces nothing.
   */
  private final Set<Episode> continued = new HashSet<>();

  private boolean suppressed;

  EdgeEpisodes() {}

  /**
   * @param held what {@code insertLogical} of the firing's episode returned
   * @return whether the consequence runs: the episode is new
   */
  public boolean open(FactHandle held) {
    Episode episode = (Episode) ((InternalFactHandle) held).getObject();
    boolean fresh = episode.announce() && !continued.remove(episode);
    suppressed = !fresh;
    return fresh;
  }

  /** Whether the firing that just ended ran no consequence (and does not count as one). */
  boolean takeSuppressed() {
    boolean was = suppressed;
    suppressed = false;
    return was;
  }

  void continueEpisode(Episode episode) {
    continued.add(episode);
  }

  /** After the first round of new rules: episodes not matched again by then are over. */
  void endContinuation() {
    continued.clear();
  }
}
