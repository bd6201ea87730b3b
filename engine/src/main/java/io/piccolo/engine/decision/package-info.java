/**
 * The policy step: which DRL rules are policies and when they run ({@link PolicyRules}), the
 * requests a round makes ({@link RoundRequests}), and how their verdicts settle into a decision
 * ({@link Settlement}).
 */
package io.piccolo.engine.decision;
