package io.piccolo.gateway.serve;

import io.piccolo.connectors.store.ArtifactChanges;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.security.Audit;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pullpiri's artifact API, unchanged: {@code POST /api/artifact} and {@code DELETE /api/artifact}
 * with a multi-document YAML body, answered {@code Ok}. The same checks and all-or-nothing
 * semantics as {@code piccolo apply} (one code path, {@link ArtifactChanges}); an invalid body
 * changes nothing and is answered 400 with one {@code body:line:column: message} line per problem.
 */
final class PullpiriArtifacts {
  static final String BODY = "request body";

  private final Vertx vertx;
  private final StateStore store;
  private final ArtifactAudit audit;

  PullpiriArtifacts(Vertx vertx, StateStore store, Audit audit) {
    this.vertx = vertx;
    this.store = store;
    this.audit = new ArtifactAudit(audit);
  }

  void apply(RoutingContext ctx) {
    ArtifactChanges.Checked checked = check(ctx, ArtifactAudit.APPLY);
    if (checked == null) {
      return;
    }
    vertx
        .executeBlocking(() -> ArtifactChanges.apply(checked, store)) // the store may be etcd
        .onSuccess(
            applied -> {
              if (applied.problems().isEmpty()) {
                audit.stored(ctx, ArtifactAudit.APPLY, applied.stored());
                ok(ctx);
              } else {
                audit.refused(ctx, ArtifactAudit.APPLY, BODY, applied.problems());
                refuse(ctx, 400, applied.problems());
              }
            })
        .onFailure(e -> storeFailed(ctx, ArtifactAudit.APPLY, e));
  }

  void delete(RoutingContext ctx) {
    ArtifactChanges.Checked checked = check(ctx, ArtifactAudit.DELETE);
    if (checked == null) {
      return;
    }
    List<ArtifactRef> refs = ArtifactChanges.refs(checked);
    vertx
        .executeBlocking(() -> ArtifactChanges.delete(refs, store))
        .onSuccess(
            deleted -> {
              if (deleted.refused()) {
                audit.refused(ctx, ArtifactAudit.DELETE, BODY, deleted.refusal());
                text(ctx, 409, deleted.refusal() + "\n");
              } else {
                audit.deleted(ctx, deleted.deleted());
                ok(ctx);
              }
            })
        .onFailure(e -> storeFailed(ctx, ArtifactAudit.DELETE, e));
  }

  /** The body's documents, or null when an answer refusing them was sent. */
  private ArtifactChanges.Checked check(RoutingContext ctx, String action) {
    String text = ctx.body().asString();
    ArtifactChanges.Checked checked =
        ArtifactChanges.read(List.of(new ArtifactChanges.Source(BODY, text == null ? "" : text)));
    if (checked.hasErrors()) {
      audit.refused(ctx, action, BODY, checked.problems());
      refuse(ctx, 400, checked.problems());
      return null;
    }
    return checked;
  }

  private static void ok(RoutingContext ctx) {
    text(ctx, 200, "Ok");
  }

  private static void text(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(body);
  }

  private static void refuse(RoutingContext ctx, int status, List<Problem> problems) {
    String lines =
        problems.stream()
            .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
            .map(Problem::toString)
            .collect(Collectors.joining("\n", "", "\nnothing was applied\n"));
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end(lines);
  }

  private void storeFailed(RoutingContext ctx, String action, Throwable e) {
    String message = e instanceof StoreException ? e.getMessage() : String.valueOf(e);
    audit.refused(ctx, action, BODY, "the store failed: " + message);
    ctx.response()
        .setStatusCode(503)
        .putHeader("Content-Type", "text/plain; charset=utf-8")
        .end("the store failed: " + message + "\n");
  }
}
