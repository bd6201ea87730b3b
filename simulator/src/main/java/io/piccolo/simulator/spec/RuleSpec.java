package io.piccolo.simulator.spec;

import io.piccolo.adapters.dryrun.Failing;
import io.piccolo.simulator.trace.TraceSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One case of a {@code *.spec.yaml} file: given rules, a trace and seeded facts, expect these
 * actions and firing counts.
 *
 * @param expect the expected actions; null when the case checks none
 * @param match how {@code expect} is compared
 * @param neverFired rules and scenarios that must not fire
 * @param fired how often each named rule or scenario must fire
 * @param suppressed how many firings of each named scenario its cooldown must suppress
 * @param failing actions the dry run fails in this case
 * @param facts facts put into the session, in time order
 */
public record RuleSpec(
    String file,
    int line,
    String name,
    List<Path> rules,
    TraceSource trace,
    Long untilMillis,
    boolean denyByDefault,
    List<ExpectedAction> expect,
    Match match,
    List<String> neverFired,
    Map<String, Long> fired,
    Map<String, Long> suppressed,
    List<Failing> failing,
    List<SeededFact> facts) {}
