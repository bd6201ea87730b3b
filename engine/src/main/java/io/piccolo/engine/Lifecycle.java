package io.piccolo.engine;

import java.util.concurrent.CompletionStage;

/**
 * A part of the live process that starts and stops: started in dependency order, drained and
 * stopped in reverse. Engine and connectors use JDK stages; the gateway adapts them to Vert.x.
 */
public interface Lifecycle {
  /** Completes when the part is ready to use. */
  CompletionStage<Void> start();

  /** Finishes the work already handed over, then releases everything; completes when done. */
  CompletionStage<Void> stop();
}
