package io.piccolo.engine.decision;

/** One policy rule's word on a request: allow or deny, and why. */
public record Verdict(String rule, boolean deny, String why) {}
