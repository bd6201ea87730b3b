package io.piccolo.simulator.spec;

import java.util.Map;

/**
 * One action a case expects.
 *
 * @param fields each checked field as field to value ({@code time} in milliseconds, the others as
 *     text); fields left out are not checked
 * @param params the params the action must carry, exactly; null when not checked
 * @param line where the spec wrote it
 */
public record ExpectedAction(Map<String, Object> fields, Map<String, Object> params, int line) {}
