package io.piccolo.adapters.dispatch;

import io.piccolo.engine.DecidedAction;

/**
 * An allowed decision handed to the dispatcher, with the id its work and results carry.
 *
 * @param requestId the dispatcher's own id; internal, never part of a decision's output
 */
public record Dispatched(DecidedAction decision, String requestId) {}
