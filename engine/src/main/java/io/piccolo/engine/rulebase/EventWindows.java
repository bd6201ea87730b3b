package io.piccolo.engine.rulebase;

import io.piccolo.engine.fact.SignalEvent;
import java.util.ArrayList;
import java.util.List;
import org.drools.base.base.ClassObjectType;
import org.drools.core.reteoo.AlphaNode;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectSink;
import org.drools.core.reteoo.ObjectSource;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.core.reteoo.WindowNode;
import org.drools.core.rule.BehaviorRuntime;
import org.drools.core.rule.SlidingTimeWindow;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;

/**
 * What the compiled network does with {@code SignalEvent}s: where they enter sliding time windows,
 * and whether every rule sees them only through one. Then an event out of its windows is out of
 * every match, and the engine can drop it itself, in bulk, instead of Drools scheduling an expiry
 * job per event.
 */
final class EventWindows {
  private EventWindows() {}

  /**
   * A rule or function of the package names {@code SignalEvent} in its code, e.g. to insert one:
   * such events are not the engine's to drop.
   */
  static boolean namedInCode(PackageDescr pkg) {
    for (RuleDescr rule : pkg.getRules()) {
      if (String.valueOf(rule.getConsequence()).contains(EVENT)) {
        return true;
      }
    }
    for (FunctionDescr function : pkg.getFunctions()) {
      if (String.valueOf(function.getText()).contains(EVENT)) {
        return true;
      }
    }
    return false;
  }

  private static final String EVENT = SignalEvent.class.getSimpleName();

  /** The nodes through which {@code SignalEvent}s enter the network, in every entry point. */
  static List<ObjectTypeNode> eventNodes(InternalKnowledgeBase kieBase) {
    List<ObjectTypeNode> nodes = new ArrayList<>();
    for (EntryPointNode entry : kieBase.getRete().getEntryPointNodes().values()) {
      for (ObjectTypeNode node : entry.getObjectTypeNodes().values()) {
        if (node.getObjectType() instanceof ClassObjectType type
            && type.getClassType().isAssignableFrom(SignalEvent.class)) {
          nodes.add(node);
        }
      }
    }
    return nodes;
  }

  /** Every path from these nodes reaches a sliding time window before anything else. */
  static boolean onlyThroughTimeWindows(List<ObjectTypeNode> nodes) {
    for (ObjectTypeNode node : nodes) {
      if (!windowedBelow(node)) {
        return false;
      }
    }
    return true;
  }

  private static boolean windowedBelow(ObjectSource source) {
    for (ObjectSink sink : source.getObjectSinkPropagator().getSinks()) {
      if (sink instanceof AlphaNode alpha) {
        if (!windowedBelow(alpha)) {
          return false;
        }
      } else if (!(sink instanceof WindowNode window && timeWindowsOnly(window))) {
        return false;
      }
    }
    return true;
  }

  private static boolean timeWindowsOnly(WindowNode window) {
    for (BehaviorRuntime behavior : window.getBehaviors()) {
      if (!(behavior instanceof SlidingTimeWindow)) {
        return false;
      }
    }
    return true;
  }

  /** The longest sliding time window below these nodes, ms; 0 when there is none. */
  static long longestWindow(List<ObjectTypeNode> nodes) {
    long longest = 0;
    for (ObjectTypeNode node : nodes) {
      longest = Math.max(longest, longestBelow(node));
    }
    return longest;
  }

  private static long longestBelow(ObjectSource source) {
    long longest = 0;
    for (ObjectSink sink : source.getObjectSinkPropagator().getSinks()) {
      if (sink instanceof AlphaNode alpha) {
        longest = Math.max(longest, longestBelow(alpha));
      } else if (sink instanceof WindowNode window) {
        for (BehaviorRuntime behavior : window.getBehaviors()) {
          if (behavior instanceof SlidingTimeWindow time) {
            longest = Math.max(longest, time.getSize());
          }
        }
      }
    }
    return longest;
  }

  /** Replaces the sliding time windows below these nodes with {@link ArrivalOrderWindow}s. */
  static void keepInArrivalOrder(List<ObjectTypeNode> nodes) {
    for (ObjectTypeNode node : nodes) {
      replaceBelow(node);
    }
  }

  private static void replaceBelow(ObjectSource source) {
    for (ObjectSink sink : source.getObjectSinkPropagator().getSinks()) {
      if (sink instanceof AlphaNode alpha) {
        replaceBelow(alpha);
      } else if (sink instanceof WindowNode window) {
        BehaviorRuntime[] behaviors = window.getBehaviors();
        for (int i = 0; i < behaviors.length; i++) {
          if (behaviors[i].getClass() == SlidingTimeWindow.class) {
            ArrivalOrderWindow inOrder =
                new ArrivalOrderWindow(((SlidingTimeWindow) behaviors[i]).getSize());
            inOrder.setWindowNode(window);
            behaviors[i] = inOrder;
          }
        }
      }
    }
  }
}
