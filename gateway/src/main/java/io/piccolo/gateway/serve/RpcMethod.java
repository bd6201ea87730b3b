package io.piccolo.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.gateway.security.Role;
import io.vertx.core.Future;

/** One stream method: the role it needs and what it does with its (checked object) params. */
interface RpcMethod {
  Role role();

  /**
   * @param params the request's params, an empty object when it sent none
   * @return the result; a failed future with an {@link RpcError} for an error answer
   */
  Future<JsonNode> call(ObjectNode params, StreamConnection connection) throws RpcError;
}
