package io.piccolo.gateway.serve;

import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.security.Audit;
import io.piccolo.gateway.security.Caller;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Artifact changes through the HTTP API in the audit trail: one record per artifact changed. */
final class ArtifactAudit {
  static final String APPLY = "artifact.apply";
  static final String DELETE = "artifact.delete";
  static final String ROLLBACK = "artifact.rollback";

  private final Audit audit;

  ArtifactAudit(Audit audit) {
    this.audit = audit;
  }

  void stored(RoutingContext ctx, String action, List<StoredArtifact> stored) {
    Caller who = Caller.of(ctx);
    for (StoredArtifact a : stored) {
      audit.record(who, action, a.kind() + "/" + a.name() + " version " + a.version(), "ok");
    }
  }

  void deleted(RoutingContext ctx, List<ArtifactRef> deleted) {
    Caller who = Caller.of(ctx);
    for (ArtifactRef ref : deleted) {
      audit.record(who, DELETE, ref.toString(), "ok");
    }
  }

  /** A change refused or failed: nothing was changed, and why. */
  void refused(RoutingContext ctx, String action, String what, String why) {
    audit.record(Caller.of(ctx), action, what, "refused: " + why);
  }

  void refused(RoutingContext ctx, String action, String what, List<Problem> problems) {
    refused(
        ctx,
        action,
        what,
        problems.stream()
            .filter(Problem::isError)
            .findFirst()
            .map(Problem::toString)
            .orElse("invalid"));
  }
}
