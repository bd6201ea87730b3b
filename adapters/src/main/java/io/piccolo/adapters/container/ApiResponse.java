package io.piccolo.adapters.container;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** A container runtime's answer to one call: status and body. */
public record ApiResponse(int status, Buffer body) {
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  public boolean notFound() {
    return status == 404;
  }

  public JsonObject json() {
    return body.length() == 0 ? new JsonObject() : new JsonObject(body);
  }

  public JsonArray jsonArray() {
    return body.length() == 0 ? new JsonArray() : new JsonArray(body);
  }

  /**
   * What the runtime said went wrong: its {@code message} (Podman and Docker both answer errors
   * with one), its {@code Errs} (Podman's pod calls), or the body as text.
   */
  public String message() {
    try {
      JsonObject json = json();
      if (json.getString("message") != null) {
        return json.getString("message");
      }
      JsonArray errs = json.getJsonArray("Errs");
      if (errs != null && !errs.isEmpty()) {
        return String.join("; ", errs.stream().map(String::valueOf).toList());
      }
    } catch (DecodeException | ClassCastException notJson) {
      // Fall through to the text.
    }
    return body.toString().strip();
  }
}
