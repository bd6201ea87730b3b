package io.piccolo.gateway.serve;

import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.security.Caller;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code /api/v1/rules}: the rule files of the running server, read, uploaded or removed by file
 * name. A change is built and checked first, as {@code piccolo rules check} does (sandbox
 * included); only rules that build reach the disk and the evaluator.
 */
final class RulesApi {
  private final Vertx vertx;
  private final boolean fromFiles;
  private final Supplier<RuleReloads> rebuilds;
  private final long maxBytes;
  private RuleReloads reloads; // on the event loop, once the first rule base is built

  /**
   * @param fromFiles whether the server was started from rule files
   * @param rebuilds the rebuilds of those files; null until the first rule base is built
   */
  RulesApi(Vertx vertx, boolean fromFiles, Supplier<RuleReloads> rebuilds, long maxBytes) {
    this.vertx = vertx;
    this.fromFiles = fromFiles;
    this.rebuilds = rebuilds;
    this.maxBytes = maxBytes;
  }

  void routes(Router router) {
    router.get("/api/v1/rules").handler(this::list);
    router.get("/api/v1/rules/:file").handler(this::read);
    router.put("/api/v1/rules/:file").handler(this::upload);
    router.delete("/api/v1/rules/:file").handler(this::remove);
  }

  /** An answer worked out off the event loop. */
  private record Answer(int status, String type, String body) {}

  private void list(RoutingContext ctx) {
    if (refusedWithoutFiles(ctx)) {
      return;
    }
    answer(
        ctx,
        () -> {
          JsonArray files = new JsonArray();
          for (RuleFiles.Entry e : reloads.files().list()) {
            files.add(
                new JsonObject()
                    .put("name", e.name())
                    .put("path", e.path().toString())
                    .put("kind", e.kind())
                    .put("size", e.size())
                    .put("changeable", e.inFolder()));
          }
          JsonArray folders = new JsonArray();
          reloads.files().folders().forEach(f -> folders.add(f.toString()));
          return json(200, new JsonObject().put("files", files).put("folders", folders));
        });
  }

  private void read(RoutingContext ctx) {
    String name = nameOrRefuse(ctx);
    if (name == null) {
      return;
    }
    answer(
        ctx,
        () -> {
          List<RuleFiles.Entry> found = reloads.files().named(name);
          Answer refused = notOne(name, found);
          if (refused != null) {
            return refused;
          }
          Path file = found.get(0).path();
          String type = RuleFiles.kind(file).equals("drl") ? "text/plain" : "application/yaml";
          return new Answer(200, type + "; charset=utf-8", Files.readString(file));
        });
  }

  private void upload(RoutingContext ctx) {
    String name = nameOrRefuse(ctx);
    if (name == null || refusedWithoutFolder(ctx)) {
      return;
    }
    Buffer body = ctx.body().buffer();
    if (body != null && body.length() > maxBytes) {
      HttpProblem.send(
          ctx,
          413,
          "rule file too large",
          name + " is larger than limits.text-file-size (" + maxBytes + " bytes)");
      return;
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body == null ? new byte[0] : body.getBytes()))
              .toString();
    } catch (CharacterCodingException e) {
      HttpProblem.send(
          ctx,
          400,
          "not UTF-8 text",
          "the body of " + name + " is not UTF-8 text; nothing changed");
      return;
    }
    String who = Caller.of(ctx).name();
    answer(
        ctx,
        () -> {
          List<RuleFiles.Entry> found = reloads.files().named(name);
          if (!found.isEmpty()) {
            Answer refused = notChangeable(name, found);
            if (refused != null) {
              return refused;
            }
          }
          Path target = found.isEmpty() ? reloads.files().newFile(name) : found.get(0).path();
          return outcome(name, reloads.upload(who, target, text));
        });
  }

  private void remove(RoutingContext ctx) {
    String name = nameOrRefuse(ctx);
    if (name == null || refusedWithoutFolder(ctx)) {
      return;
    }
    String who = Caller.of(ctx).name();
    answer(
        ctx,
        () -> {
          List<RuleFiles.Entry> found = reloads.files().named(name);
          Answer refused = notChangeable(name, found);
          if (refused != null) {
            return refused;
          }
          return outcome(name, reloads.delete(who, found.get(0).path()));
        });
  }

  private static Answer outcome(String name, RuleReloads.Outcome outcome) {
    if (outcome.pending()) {
      return json(
          202,
          new JsonObject()
              .put("result", "pending")
              .put(
                  "detail",
                  "the rules built; the evaluator is still in a round and takes them when it"
                      + " ends (the reload event says when)"));
    }
    if (outcome.ok()) {
      return json(200, ReloadJson.of(outcome));
    }
    List<Problem> errors = outcome.problems().stream().filter(Problem::isError).toList();
    JsonObject body =
        new JsonObject()
            .put("status", 422)
            .put("title", "the rules do not build")
            .put(
                "detail",
                name
                    + ": "
                    + errors.size()
                    + " error(s), first "
                    + (errors.isEmpty() ? "unknown" : errors.get(0).toString())
                    + "; the running rules and the files are unchanged")
            .put("problems", ReloadJson.problems(outcome.problems()));
    return new Answer(422, HttpProblem.TYPE, body.encode() + "\n");
  }

  private static Answer json(int status, JsonObject body) {
    return new Answer(status, "application/json", body.encode() + "\n");
  }

  private static Answer problem(int status, String title, String detail) {
    JsonObject body =
        new JsonObject().put("status", status).put("title", title).put("detail", detail);
    return new Answer(status, HttpProblem.TYPE, body.encode() + "\n");
  }

  /** Null when exactly one file has that name and it may be changed, else the refusal. */
  private Answer notOne(String name, List<RuleFiles.Entry> found) {
    if (found.isEmpty()) {
      return problem(
          404,
          "no such rule file",
          name + " is not among the rule files; GET /api/v1/rules lists them");
    }
    if (found.size() > 1) {
      return problem(
          409,
          "ambiguous rule file name",
          name
              + " names "
              + found.size()
              + " files ("
              + String.join(", ", found.stream().map(e -> e.path().toString()).toList())
              + "); rename one of them so each name is unique");
    }
    return null;
  }

  /** As {@link #notOne}, and the file must lie in a folder, not be named on its own. */
  private Answer notChangeable(String name, List<RuleFiles.Entry> found) {
    Answer refused = notOne(name, found);
    if (refused == null && !found.get(0).inFolder()) {
      return problem(
          409,
          "rule file named on its own",
          found.get(0).path()
              + " was named by --rules itself, not found in a folder; only files in --rules"
              + " folders are changed while the server runs");
    }
    return refused;
  }

  private void answer(RoutingContext ctx, Callable<Answer> work) {
    vertx
        .executeBlocking(work, false)
        .onSuccess(
            a ->
                ctx.response()
                    .setStatusCode(a.status())
                    .putHeader("Content-Type", a.type())
                    .end(a.body()))
        .onFailure(
            e -> {
              String detail =
                  e instanceof RuleReloads.DiskProblem
                      ? e.getMessage()
                      : "the rule files could not be read: " + e.getMessage();
              HttpProblem.send(ctx, 500, "rule files unavailable", detail);
            });
  }

  private boolean refusedWithoutFiles(RoutingContext ctx) {
    reloads = rebuilds.get();
    if (reloads != null) {
      return false;
    }
    if (fromFiles) {
      HttpProblem.send(
          ctx,
          503,
          "rules still building",
          "the server's rules are still being built; try again once /health/ready answers 200");
      return true;
    }
    HttpProblem.send(
        ctx,
        409,
        "no rule files",
        "this server was started with built rules, not from rule files; there is nothing to read"
            + " or change");
    return true;
  }

  private boolean refusedWithoutFolder(RoutingContext ctx) {
    if (refusedWithoutFiles(ctx)) {
      return true;
    }
    if (!reloads.files().folders().isEmpty()) {
      return false;
    }
    HttpProblem.send(
        ctx,
        409,
        "no rule folder",
        "--rules names files only, no folder, so there is nowhere to write or remove a rule file;"
            + " start piccolo serve with --rules FOLDER to change rules while it runs");
    return true;
  }

  /** The file name of the path, or null when it was refused (answered 400). */
  private String nameOrRefuse(RoutingContext ctx) {
    String name = ctx.pathParam("file");
    if (refusedWithoutFiles(ctx)) {
      return null;
    }
    String why = RuleFiles.refuseName(name);
    if (why != null) {
      HttpProblem.send(ctx, 400, "bad rule file name", why + "; nothing changed");
      return null;
    }
    return name;
  }
}
