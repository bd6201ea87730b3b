package io.piccolo.engine.index;

import io.piccolo.engine.scenario.Condition;
import io.piccolo.engine.scenario.Conditions;
import io.piccolo.engine.scenario.Scenario;
import java.util.List;

/**
 * Whether two definitions of a scenario behave alike: everything but where they were written, so
 * moving a scenario within its file does not reset it.
 */
final class Behaviour {
  private Behaviour() {}

  static boolean same(Scenario a, Scenario b) {
    return a.name().equals(b.name())
        && a.action().equals(b.action())
        && a.target().equals(b.target())
        && a.params().equals(b.params())
        && a.trigger() == b.trigger()
        && a.cooldownMillis() == b.cooldownMillis()
        && same(a.condition(), b.condition());
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
