package io.piccolo.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.piccolo.engine.DecidedAction;
import io.piccolo.engine.fact.Decision;
import io.piccolo.engine.index.FiringListener.DrlFiring;
import io.piccolo.simulator.report.ReportData.ExplainedFiring;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which DRL firing a decision belongs to, and how many DRL firings the report keeps. */
class FiringLogTest {
  private static DrlFiring firing(String rule, long time, int requests) {
    return new DrlFiring(rule, "rules/r.drl:3", time, null, List.of(), requests);
  }

  private static DecidedAction decision(String rule, long time, String target) {
    return new DecidedAction(
        time, rule, rule, "launch", target, Map.of(), Decision.ALLOWED, "default", null);
  }

  @Test
  void twoFiringsAtOneInstantEachGetTheRequestItMade() {
    FiringLog log = new FiringLog();
    log.drlFired(firing("r", 1_000, 1));
    log.drlFired(firing("r", 1_000, 0));
    log.drlFired(firing("r", 1_000, 1));
    log.decided(decision("r", 1_000, "a"));
    log.decided(decision("r", 1_000, "b"));
    List<ExplainedFiring> listed = log.rules().get(0).listed();
    assertEquals(
        List.of(List.of("a"), List.of(), List.of("b")),
        listed.stream()
            .map(f -> f.decisions().stream().map(DecidedAction::target).toList())
            .toList());
  }

  @Test
  void drlFiringsAreBoundedPerRuleAndCountedBeyond() {
    FiringLog log = new FiringLog();
    for (int i = 0; i < 50; i++) {
      log.drlFired(firing("r", i, 1));
      log.decided(decision("r", i, "t"));
    }
    ReportData.RuleFirings r = log.rules().get(0);
    assertEquals(FiringLog.PER_RULE, r.listed().size());
    assertEquals(50 - FiringLog.PER_RULE, r.unlisted());
    assertEquals(1, r.listed().get(FiringLog.PER_RULE - 1).decisions().size());
  }
}
