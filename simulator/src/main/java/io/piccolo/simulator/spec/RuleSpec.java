package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.Failing;
import io.piccolo.simulator.trace.TraceSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One case of a {@code *.spec.yaml} file: given rules and a trace, expect exactly these actions.
 *
 * @param expect each expected action as field to value ({@code time} in seconds); fields left out
 *     are not checked
 * @param failing actions the dry run fails in this case ({@code given: {failing: [...]}})
 */
public record RuleSpec(
    String file,
    int line,
    String name,
    List<Path> rules,
    TraceSource trace,
    Long untilMillis,
    boolean denyByDefault,
    List<Map<String, Object>> expect,
    List<String> neverFired,
    List<Failing> failing) {}
