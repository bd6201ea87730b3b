package io.piccolo.adapters.dispatch;

import io.piccolo.adapters.Executor;
import io.piccolo.adapters.Work;

/**
 * One unit of a request: its work and the executor for it, or why it cannot run.
 *
 * @param model the Model it is for, or null when the request named none that resolved
 * @param node the node, or null when none is named
 * @param failure why the unit cannot run (no executor for the node, a Model not stored), or null
 */
record Unit(Work work, Executor executor, String model, String node, String failure) {
  static Unit failed(String model, String node, String failure) {
    return new Unit(null, null, model, node, failure);
  }
}
