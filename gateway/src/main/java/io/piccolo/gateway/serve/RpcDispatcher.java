package io.piccolo.gateway.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * JSON-RPC 2.0 over one text message: a request, a notification (no {@code id}: no answer, even to
 * an error) or a batch (answers in one array, notifications left out). Each method declares the
 * role it needs, and the {@link MethodGuard} is asked before it runs.
 */
final class RpcDispatcher {
  static final String REQUESTS = "piccolo.stream.requests";
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PUBLISH = "signal.publish";
  private static final String OTHER = "other";
  private static final Set<String> MEMBERS = Set.of("jsonrpc", "method", "params", "id");

  private final Map<String, RpcMethod> methods = new LinkedHashMap<>();
  private final MethodGuard guard;
  private final MeterRegistry meters;
  private final Map<String, Counter[]> counters = new java.util.HashMap<>();
  private PublishMethod publish;
  private PublishReader publishReader;

  RpcDispatcher(MethodGuard guard, MeterRegistry meters) {
    this.guard = guard;
    this.meters = meters;
    // an unknown method never succeeds: only its error count exists
    counters.put(OTHER, new Counter[] {null, counter(OTHER, "error")});
  }

  RpcDispatcher method(String name, RpcMethod method) {
    methods.put(name, method);
    count(name);
    return this;
  }

  /**
   * {@code signal.publish}, whose plain messages {@code reader} reads without a tree; the others go
   * the general way.
   */
  RpcDispatcher publish(PublishMethod method, PublishReader reader) {
    this.publish = method;
    this.publishReader = reader;
    return method(PUBLISH, method);
  }

  /** The role each method declares, by name. */
  Map<String, Role> roles() {
    Map<String, Role> roles = new LinkedHashMap<>();
    methods.forEach((name, method) -> roles.put(name, method.role()));
    return roles;
  }

  /** The answer to one message, or null when none is due (notifications only). */
  Future<String> handle(String text, StreamConnection connection) {
    PublishReader.Publish plain = publishReader == null ? null : publishReader.read(text);
    return plain != null ? quick(plain, connection) : general(text, connection);
  }

  /** The same for a message as it came off the socket, in UTF-8. */
  Future<String> handle(Buffer utf8, StreamConnection connection) {
    PublishReader.Publish plain = null;
    ByteBuf bytes = utf8 instanceof BufferInternal internal ? internal.getByteBuf() : null;
    if (publishReader != null && bytes != null && bytes.hasArray()) {
      plain =
          publishReader.read(
              bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
    }
    return plain != null
        ? quick(plain, connection)
        : general(utf8.toString(StandardCharsets.UTF_8), connection);
  }

  private Future<String> general(String text, StreamConnection connection) {
    JsonNode message;
    try {
      message = SignalIntake.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return Future.succeededFuture(
          error(
                  NODES.nullNode(),
                  new RpcError(
                      RpcError.PARSE_ERROR,
                      "Parse error",
                      RpcError.fields().put("problem", SignalIntake.notJson(e))))
              .toString());
    }
    if (message == null || message.isMissingNode()) {
      return Future.succeededFuture(
          error(
                  NODES.nullNode(),
                  new RpcError(
                      RpcError.PARSE_ERROR,
                      "Parse error",
                      RpcError.fields().put("problem", "an empty message")))
              .toString());
    }
    if (!message.isArray()) {
      return one(message, connection).map(answer -> answer == null ? null : answer.toString());
    }
    if (message.isEmpty()) {
      return Future.succeededFuture(
          error(NODES.nullNode(), RpcError.invalidRequest("", "an empty batch")).toString());
    }
    List<Future<ObjectNode>> answers = new ArrayList<>();
    for (JsonNode request : message) {
      answers.add(one(request, connection));
    }
    return Future.join(answers)
        .transform(
            done -> {
              ArrayNode batch = NODES.arrayNode();
              for (Future<ObjectNode> answer : answers) {
                if (answer.result() != null) {
                  batch.add(answer.result());
                }
              }
              return Future.succeededFuture(batch.isEmpty() ? null : batch.toString());
            });
  }

  /** The answer to one request, or null for a notification. */
  private Future<ObjectNode> one(JsonNode request, StreamConnection connection) {
    if (!request.isObject()) {
      return Future.succeededFuture(
          error(
              NODES.nullNode(),
              RpcError.invalidRequest(
                  "",
                  "a request is an object {\"jsonrpc\": \"2.0\", \"method\": ..., \"id\": ...}")));
    }
    String method = request.path("method").isTextual() ? request.get("method").textValue() : null;
    return answer(
        method,
        request.get("id"),
        () -> {
          ObjectNode params = check(request);
          return permitted(method, connection).call(params, connection);
        });
  }

  /** A {@code signal.publish} its reader took without a tree: the same guard, counts and answer. */
  private Future<String> quick(PublishReader.Publish request, StreamConnection connection) {
    return answer(
            PUBLISH,
            request.id(),
            () -> {
              permitted(PUBLISH, connection);
              return publish.publish(request.samples());
            })
        .map(answer -> answer == null ? null : answer.toString());
  }

  /** The method, once it exists and the caller's role may call it. */
  private RpcMethod permitted(String method, StreamConnection connection) throws RpcError {
    RpcMethod target = methods.get(method);
    if (target == null) {
      throw new RpcError(
          RpcError.METHOD_NOT_FOUND,
          "Method not found",
          RpcError.fields()
              .put("method", method)
              .put("problem", "use one of " + String.join(", ", methods.keySet())));
    }
    String refused = guard.refuse(method, target.role(), connection.caller());
    if (refused != null) {
      throw new RpcError(
          RpcError.NOT_PERMITTED,
          "Not permitted",
          RpcError.fields()
              .put("method", method)
              .put("role", target.role().id())
              .put("problem", refused));
    }
    return target;
  }

  /** Runs {@code call}, counts its outcome and answers it; null for a notification (no id). */
  private Future<ObjectNode> answer(String method, JsonNode id, Call call) {
    boolean notification = id == null;
    JsonNode answerId =
        id == null || !(id.isTextual() || id.isNumber() || id.isNull()) ? NODES.nullNode() : id;
    Future<JsonNode> result;
    try {
      result = call.run();
    } catch (RpcError e) {
      result = Future.failedFuture(e);
    }
    Counter[] outcomes = counters.getOrDefault(method, counters.get(OTHER));
    return result.transform(
        done -> {
          outcomes[done.succeeded() ? 0 : 1].increment();
          if (notification) {
            return Future.succeededFuture(null);
          }
          if (done.succeeded()) {
            ObjectNode answer = NODES.objectNode().put("jsonrpc", "2.0");
            answer.set("result", done.result());
            answer.set("id", answerId);
            return Future.succeededFuture(answer);
          }
          RpcError failure =
              done.cause() instanceof RpcError e
                  ? e
                  : new RpcError(
                      -32603,
                      "the method failed",
                      RpcError.fields().put("problem", String.valueOf(done.cause())));
          return Future.succeededFuture(error(answerId, failure));
        });
  }

  private interface Call {
    Future<JsonNode> run() throws RpcError;
  }

  /** The request's members checked; its params as an object (empty when none were sent). */
  private static ObjectNode check(JsonNode request) throws RpcError {
    for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
      String member = it.next();
      if (!MEMBERS.contains(member)) {
        throw RpcError.invalidRequest(
            member, "unknown member (a request has jsonrpc, method, params and id)");
      }
    }
    if (!"2.0".equals(request.path("jsonrpc").textValue())) {
      throw RpcError.invalidRequest("jsonrpc", "must be \"2.0\"");
    }
    JsonNode id = request.get("id");
    if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
      throw RpcError.invalidRequest("id", "must be a string or a number");
    }
    JsonNode method = request.get("method");
    if (method == null || !method.isTextual() || method.textValue().isEmpty()) {
      throw RpcError.invalidRequest("method", "must name a method, e.g. \"rules.status\"");
    }
    JsonNode params = request.get("params");
    if (params == null) {
      return NODES.objectNode();
    }
    if (params.isArray()) {
      throw RpcError.badParam("params", "must be an object: the methods take named params");
    }
    if (!params.isObject()) {
      throw RpcError.invalidRequest("params", "must be an object");
    }
    return (ObjectNode) params;
  }

  private static ObjectNode error(JsonNode id, RpcError e) {
    ObjectNode error = NODES.objectNode().put("code", e.code()).put("message", e.getMessage());
    if (e.data() != null) {
      error.set("data", e.data());
    }
    ObjectNode answer = NODES.objectNode().put("jsonrpc", "2.0");
    answer.set("error", error);
    answer.set("id", id);
    return answer;
  }

  /** The ok and error counters of {@code method}, made once: answering looks them up. */
  private void count(String method) {
    counters.put(method, new Counter[] {counter(method, "ok"), counter(method, "error")});
  }

  private Counter counter(String method, String outcome) {
    return Counter.builder(REQUESTS)
        .description("stream (JSON-RPC) requests answered, by method and outcome")
        .tags("method", method, "outcome", outcome)
        .register(meters);
  }
}
