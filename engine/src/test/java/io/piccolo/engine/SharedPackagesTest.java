package io.piccolo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.engine.rulebase.CompiledPackages;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.engine.rulebase.RuleBaseException;
import io.piccolo.engine.rulebase.RuleSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule sets that share files share their compiled packages through one pool, and each still runs
 * only its own rules.
 */
class SharedPackagesTest {
  private final CompiledPackages pool = new CompiledPackages();

  private static RuleSource threshold(String pkg, int limit) {
    return new RuleSource(pkg + ".drl", RuleBaseRebuildTest.threshold(pkg, limit));
  }

  /** Declares a type and fires on it. */
  private static RuleSource declaring(String pkg) {
    return new RuleSource(
        pkg + ".drl",
        "package "
            + pkg
            + ";\ndeclare Fast level : int end\n"
            + "rule \""
            + pkg
            + " mark\" when Signal(path == \"Vehicle.Speed\", number > 100) then insert(new"
            + " Fast(1)); end\nrule \""
            + pkg
            + " use\" when Fast(level == 1) then actions.launch(\""
            + pkg
            + "\"); end\n");
  }

  private RuleBase build(RuleSource... files) throws RuleBaseException {
    RuleBaseBuilder builder = new RuleBaseBuilder().sharePackages(pool);
    for (RuleSource f : files) {
      builder.addDrl(f);
    }
    return builder.build();
  }

  private static List<String> targets(RuleBase rules, double speed) {
    return RuleBaseRebuildTest.targets(rules, speed);
  }

  @Test
  void aPackageCompiledForOneRuleSetServesAnotherThatHoldsIt() throws Exception {
    RuleBase all = build(threshold("a", 100), declaring("b"), threshold("c", 100));
    RuleBase some = build(threshold("a", 100), declaring("b"));
    assertEquals(2, some.reusedPackages(), "a, and b with its declared type");
    assertEquals(List.of("a", "b"), targets(some, 120.0), "c is not in this rule set");
    assertEquals(List.of("a", "b", "c"), targets(all, 120.0), "the first rule base still runs");
    assertEquals(List.of("a", "b"), targets(some, 120.0), "and so does the second, again");
  }

  @Test
  void aChangedFileIsCompiledOnceAndSeenByEveryRuleSetHoldingIt() throws Exception {
    build(threshold("a", 100), threshold("c", 100));
    build(threshold("a", 100));
    RuleBase allChanged = build(threshold("a", 50), threshold("c", 100));
    RuleBase someChanged = build(threshold("a", 50));
    assertEquals(1, allChanged.reusedPackages(), "c only: a changed");
    assertEquals(1, someChanged.reusedPackages(), "a as the build before compiled it");
    assertEquals(List.of("a"), targets(allChanged, 70.0));
    assertEquals(List.of("a"), targets(someChanged, 70.0));
    assertEquals(List.of(), targets(build(threshold("a", 100)), 70.0), "the old text, again");
  }

  @Test
  void aBrokenBuildStillReportsWhereAndTheNextGoodOneRecovers() throws Exception {
    build(threshold("a", 100), threshold("c", 100));
    RuleSource broken =
        new RuleSource(
            "a.drl", "package a;\nrule \"a fast\" when Signal(nosuchfield > 1) then end\n");
    RuleBaseException e =
        assertThrows(RuleBaseException.class, () -> build(broken, threshold("c", 100)));
    assertTrue(
        e.problems().stream().anyMatch(p -> p.isError() && p.file().equals("a.drl")),
        "the problem names the broken file: " + e.problems());
    assertEquals(2, e.problems().get(0).line(), e.problems().toString());
    RuleBase fixed = build(threshold("a", 60), threshold("c", 100));
    assertEquals(List.of("a"), targets(fixed, 70.0));
  }
}
