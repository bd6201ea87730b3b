package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON-RPC 2.0 error: the standard codes, and the application's own in the -32000 range
 * (docs/api.md lists them). {@code data} says which field is wrong, or what to do.
 */
final class RpcError extends Exception {
  static final int PARSE_ERROR = -32700;
  static final int INVALID_REQUEST = -32600;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;

  /** The evaluator's queue is full: some samples were not queued; retry them later. */
  static final int EVALUATOR_BEHIND = -32000;

  /** {@code events.unsubscribe} of a subscription this connection does not have. */
  static final int NO_SUCH_SUBSCRIPTION = -32001;

  /** The rules are still being built: send the samples again after {@code retryAfterMs}. */
  static final int STARTING = -32002;

  /** The connection's caller may not run this method. */
  static final int NOT_PERMITTED = -32003;

  private final int code;
  private final ObjectNode data;

  RpcError(int code, String message, ObjectNode data) {
    super(message, null, false, false);
    this.code = code;
    this.data = data;
  }

  /** Invalid params naming the field and what is wrong with it. */
  static RpcError badParam(String field, String problem) {
    return new RpcError(
        INVALID_PARAMS, "Invalid params", fields().put("field", field).put("problem", problem));
  }

  static RpcError invalidRequest(String field, String problem) {
    return new RpcError(
        INVALID_REQUEST, "Invalid Request", fields().put("field", field).put("problem", problem));
  }

  static ObjectNode fields() {
    return JsonNodeFactory.instance.objectNode();
  }

  int code() {
    return code;
  }

  ObjectNode data() {
    return data;
  }
}
