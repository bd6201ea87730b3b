package io.piccolo.engine.decision;

import io.piccolo.engine.fact.ActionRequest;
import org.drools.base.base.ClassObjectType;
import org.drools.core.reteoo.EntryPointNode;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.kie.api.KieBase;

/**
 * Whether any rule of a compiled rule base can see an {@code ActionRequest}: a policy, a query, a
 * {@code not}, an accumulate or a pattern on a supertype such as {@code Object}. Each of them is a
 * type node in the network that {@code ActionRequest} enters through. Without one, a request would
 * be inserted and deleted again for nothing: the engine settles it by the default decision without
 * a round trip through working memory.
 */
public final class RequestReaders {
  private RequestReaders() {}

  public static boolean any(KieBase kieBase) {
    if (!(kieBase instanceof InternalKnowledgeBase compiled)) {
      return true; // not a network this can read: assume someone reads them
    }
    for (EntryPointNode entry : compiled.getRete().getEntryPointNodes().values()) {
      for (ObjectTypeNode node : entry.getObjectTypeNodes().values()) {
        boolean takesRequests =
            !(node.getObjectType() instanceof ClassObjectType type)
                || type.getClassType().isAssignableFrom(ActionRequest.class);
        if (takesRequests && node.getObjectSinkPropagator().size() > 0) {
          return true;
        }
      }
    }
    return false;
  }
}
