package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Scenario;
import io.piccolo.engine.scenario.ScenarioAction;
import java.util.List;

/**
 * Whether two definitions of a scenario behave alike: everything but where they were written, so
 * moving a scenario within its file does not reset it.
 */
final class Behaviour {
  private Behaviour() {}

  static boolean same(Scenario a, Scenario b) {
    return a.name().equals(b.name())
        && sameActions(a.actions(), b.actions())
        && a.trigger() == b.trigger()
        && a.cooldownMillis() == b.cooldownMillis()
        && same(a.condition(), b.condition());
  }

  private static boolean sameActions(List<ScenarioAction> a, List<ScenarioAction> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameAs(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(Condition a, Condition b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Condition.Comparison x && b instanceof Condition.Comparison y) {
      return x.path().equals(y.path())
          && x.op() == y.op()
          && x.value().equals(y.value())
          && x.forMillis() == y.forMillis();
    }
    if (a instanceof Condition.Test x && b instanceof Condition.Test y) {
      return x.path().equals(y.path())
          && x.kind().equals(y.kind())
          && x.forMillis() == y.forMillis();
    }
    if (a.getClass() != b.getClass()) {
      return false;
    }
    if (a instanceof Condition.Held x && x.forMillis() != ((Condition.Held) b).forMillis()) {
      return false;
    }
    if (a instanceof Condition.Count x
        && (x.times() != ((Condition.Count) b).times()
            || x.withinMillis() != ((Condition.Count) b).withinMillis())) {
      return false;
    }
    List<Condition> as = Conditions.items(a);
    List<Condition> bs = Conditions.items(b);
    if (as.size() != bs.size()) {
      return false;
    }
    for (int i = 0; i < as.size(); i++) {
      if (!same(as.get(i), bs.get(i))) {
        return false;
      }
    }
    return true;
  }
}
