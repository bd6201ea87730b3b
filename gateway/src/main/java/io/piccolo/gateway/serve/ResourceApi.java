package io.piccolo.gateway.serve;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.artifact.ArtifactNames;
import io.piccolo.connectors.store.ArtifactChanges;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.ArtifactYaml;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.security.Audit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The resource API, {@code /api/v1/{kinds}} with the kind in lower-case plural: list (label filter,
 * pagination), get, create, replace, delete, history and rollback, in YAML or JSON. Changes go
 * through {@link ArtifactChanges}, as {@code piccolo apply} does.
 */
final class ResourceApi {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1000;

  private final Vertx vertx;
  private final StateStore store;
  private final ArtifactAudit audit;

  ResourceApi(Vertx vertx, StateStore store, Audit audit) {
    this.vertx = vertx;
    this.store = store;
    this.audit = new ArtifactAudit(audit);
  }

  void routes(Router router) {
    router.get("/api/v1/:kinds").handler(this::list);
    router.post("/api/v1/:kinds").handler(ctx -> change(ctx, false));
    router.get("/api/v1/:kinds/:name").handler(this::get);
    router.put("/api/v1/:kinds/:name").handler(ctx -> change(ctx, true));
    router.delete("/api/v1/:kinds/:name").handler(this::delete);
    router.get("/api/v1/:kinds/:name/history").handler(this::history);
    router.post("/api/v1/:kinds/:name/rollback").handler(this::rollback);
  }

  /** The kind a path segment names ({@code scenarios}, {@code policies}), or empty. */
  static Optional<String> kind(String plural) {
    return ArtifactFile.PULLPIRI_KINDS.stream()
        .filter(k -> ArtifactFile.plural(k).equals(plural))
        .findFirst();
  }

  private String kindOrRefuse(RoutingContext ctx) {
    String segment = ctx.pathParam("kinds");
    Optional<String> kind = kind(segment);
    if (kind.isEmpty()) {
      HttpProblem.send(
          ctx,
          404,
          "no such kind",
          "'"
              + segment
              + "' is not a kind; use one of "
              + String.join(
                  ", ",
                  ArtifactFile.PULLPIRI_KINDS.stream()
                      .sorted()
                      .map(ArtifactFile::plural)
                      .toList()));
      return null;
    }
    return kind.get();
  }

  private ArtifactRef refOrRefuse(RoutingContext ctx) {
    String kind = kindOrRefuse(ctx);
    if (kind == null) {
      return null;
    }
    String name = ctx.pathParam("name");
    Optional<String> wrong = ArtifactNames.problem(name);
    if (wrong.isPresent()) {
      HttpProblem.send(ctx, 400, "bad name", "'" + name + "': " + wrong.get());
      return null;
    }
    return new ArtifactRef(kind, name);
  }

  private void list(RoutingContext ctx) {
    String kind = kindOrRefuse(ctx);
    if (kind == null) {
      return;
    }
    int limit;
    try {
      String given = ctx.queryParams().get("limit");
      limit = given == null ? DEFAULT_LIMIT : Integer.parseInt(given);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      HttpProblem.send(
          ctx, 400, "bad limit", "limit must be a whole number from 1 to " + MAX_LIMIT);
      return;
    }
    String after = ctx.queryParams().get("continue");
    String label = ctx.queryParams().get("label");
    if (label != null && label.indexOf('=') <= 0) {
      HttpProblem.send(
          ctx, 400, "bad label filter", "write label=KEY=VALUE, e.g. label=app=camera");
      return;
    }
    blocking(
        ctx,
        () -> store.list(kind),
        all -> {
          List<StoredArtifact> matching =
              all.stream()
                  .filter(a -> label == null || hasLabel(a, label))
                  .filter(a -> after == null || a.name().compareTo(after) > 0)
                  .sorted(java.util.Comparator.comparing(StoredArtifact::name))
                  .toList();
          List<StoredArtifact> page = matching.subList(0, Math.min(limit, matching.size()));
          String next = matching.size() > limit ? page.get(page.size() - 1).name() : null;
          send(ctx, page, next);
        });
  }

  private static boolean hasLabel(StoredArtifact a, String label) {
    int eq = label.indexOf('=');
    String value =
        a.document().path("metadata").path("labels").path(label.substring(0, eq)).asText(null);
    return label.substring(eq + 1).equals(value);
  }

  private void get(RoutingContext ctx) {
    ArtifactRef ref = refOrRefuse(ctx);
    if (ref == null) {
      return;
    }
    blocking(
        ctx,
        () -> store.get(ref),
        found -> {
          if (found.isEmpty()) {
            notStored(ctx, ref);
          } else if (wantsYaml(ctx)) {
            ctx.response()
                .putHeader("Content-Type", "application/yaml")
                .end(ArtifactYaml.yaml(found.get().document()));
          } else {
            ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(ArtifactYaml.json(found.get().document()) + "\n");
          }
        });
  }

  private void history(RoutingContext ctx) {
    ArtifactRef ref = refOrRefuse(ctx);
    if (ref == null) {
      return;
    }
    blocking(
        ctx,
        () -> store.history(ref),
        versions -> {
          if (versions.isEmpty()) {
            notStored(ctx, ref);
          } else {
            send(ctx, versions, null);
          }
        });
  }

  private void rollback(RoutingContext ctx) {
    ArtifactRef ref = refOrRefuse(ctx);
    if (ref == null) {
      return;
    }
    blocking(
        ctx,
        () -> store.history(ref).size() < 2 ? null : store.rollback(ref),
        current -> {
          if (current == null) {
            audit.refused(ctx, ArtifactAudit.ROLLBACK, ref.toString(), "no earlier version");
            HttpProblem.send(
                ctx,
                409,
                "nothing to roll back to",
                ref + " is not stored or has no earlier version");
          } else {
            audit.stored(ctx, ArtifactAudit.ROLLBACK, List.of(current));
            send(ctx, List.of(current), null);
          }
        });
  }

  private void delete(RoutingContext ctx) {
    ArtifactRef ref = refOrRefuse(ctx);
    if (ref == null) {
      return;
    }
    blocking(
        ctx,
        () -> ArtifactChanges.delete(List.of(ref), store),
        deleted -> {
          if (deleted.refused()) {
            audit.refused(ctx, ArtifactAudit.DELETE, ref.toString(), deleted.refusal());
            HttpProblem.send(ctx, 409, "still referred to", deleted.refusal());
          } else if (deleted.deleted().isEmpty()) {
            notStored(ctx, ref);
          } else {
            audit.deleted(ctx, deleted.deleted());
            ctx.response().setStatusCode(204).end();
          }
        });
  }

  /** Create (POST, refused when it exists) or replace (PUT, the name in the path) one artifact. */
  private void change(RoutingContext ctx, boolean replace) {
    String kind = kindOrRefuse(ctx);
    if (kind == null) {
      return;
    }
    String text = ctx.body().asString();
    ArtifactChanges.Checked checked =
        ArtifactChanges.read(
            List.of(new ArtifactChanges.Source(PullpiriArtifacts.BODY, text == null ? "" : text)));
    if (checked.hasErrors()) {
      audit.refused(ctx, ArtifactAudit.APPLY, PullpiriArtifacts.BODY, checked.problems());
      problems(ctx, checked.problems());
      return;
    }
    if (checked.artifacts().size() != 1 || !checked.artifacts().get(0).kind().equals(kind)) {
      HttpProblem.send(
          ctx,
          400,
          "not one " + kind,
          "the body must hold exactly one "
              + kind
              + " document for /api/v1/"
              + ArtifactFile.plural(kind));
      return;
    }
    Artifact artifact = checked.artifacts().get(0);
    if (replace && !artifact.name().equals(ctx.pathParam("name"))) {
      HttpProblem.send(
          ctx,
          400,
          "name differs",
          "metadata.name is '"
              + artifact.name()
              + "' but the path names '"
              + ctx.pathParam("name")
              + "'");
      return;
    }
    ArtifactRef ref = new ArtifactRef(kind, artifact.name());
    blocking(
        ctx,
        () -> {
          if (!replace && store.get(ref).isPresent()) {
            return null; // a create of what exists
          }
          return ArtifactChanges.apply(checked, store);
        },
        applied -> {
          if (applied == null) {
            audit.refused(ctx, ArtifactAudit.APPLY, ref.toString(), "already stored");
            HttpProblem.send(
                ctx,
                409,
                "already stored",
                ref
                    + " exists; replace it with PUT /api/v1/"
                    + ArtifactFile.plural(kind)
                    + "/"
                    + ref.name());
          } else if (!applied.problems().isEmpty()) {
            audit.refused(ctx, ArtifactAudit.APPLY, ref.toString(), applied.problems());
            problems(ctx, applied.problems());
          } else {
            audit.stored(ctx, ArtifactAudit.APPLY, applied.stored());
            ctx.response().setStatusCode(replace ? 200 : 201);
            send(ctx, applied.stored(), null);
          }
        });
  }

  private static void problems(RoutingContext ctx, List<Problem> problems) {
    JsonArray list = new JsonArray();
    problems.stream()
        .filter(Problem::isError)
        .forEach(
            p ->
                list.add(
                    new JsonObject()
                        .put("document", p.file())
                        .put("line", p.line())
                        .put("column", p.column())
                        .put("message", p.message())));
    HttpProblem.send(
        ctx,
        400,
        "invalid artifact",
        problems.stream()
                .filter(Problem::isError)
                .findFirst()
                .map(Problem::toString)
                .orElse("invalid")
            + "; nothing was stored",
        new JsonObject().put("problems", list));
  }

  private static void notStored(RoutingContext ctx, ArtifactRef ref) {
    HttpProblem.send(ctx, 404, "not stored", ref + " is not stored");
  }

  private static boolean wantsYaml(RoutingContext ctx) {
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains("yaml");
  }

  /** Artifacts as JSON {@code {"items": [...], "continue": NAME}} or as multi-document YAML. */
  private static void send(RoutingContext ctx, List<StoredArtifact> items, String next) {
    if (wantsYaml(ctx)) {
      StringBuilder yaml = new StringBuilder();
      for (StoredArtifact a : items) {
        yaml.append("---\n").append(ArtifactYaml.yaml(a.document()));
      }
      if (next != null) {
        ctx.response().putHeader("X-Continue", next);
      }
      ctx.response().putHeader("Content-Type", "application/yaml").end(yaml.toString());
      return;
    }
    JsonArray list = new JsonArray();
    for (StoredArtifact a : items) {
      list.add(
          new JsonObject()
              .put("kind", a.kind())
              .put("name", a.name())
              .put("version", a.version())
              .put("document", new JsonObject(ArtifactYaml.json(a.document()))));
    }
    JsonObject body = new JsonObject().put("items", list);
    if (next != null) {
      body.put("continue", next);
    }
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode() + "\n");
  }

  /** Store calls may wait for etcd: off the event loop, a store failure answered 503. */
  private <T> void blocking(
      RoutingContext ctx, Callable<T> work, java.util.function.Consumer<T> answer) {
    vertx
        .executeBlocking(work)
        .onSuccess(answer::accept)
        .onFailure(
            e -> {
              if (!io.piccolo.gateway.security.Access.isRead(ctx.request().method().name())) {
                audit.refused(
                    ctx,
                    "artifact." + ctx.request().method().name().toLowerCase(java.util.Locale.ROOT),
                    ctx.request().path(),
                    "failed: " + e.getMessage());
              }
              HttpProblem.send(
                  ctx,
                  e instanceof StoreException ? 503 : 500,
                  e instanceof StoreException ? "the store failed" : "the request failed",
                  String.valueOf(e.getMessage()));
            });
  }
}
