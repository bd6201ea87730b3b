package io.piccolo.gateway.serve;

import io.piccolo.gateway.security.Caller;
import io.piccolo.gateway.security.Role;

/**
 * Asked before every stream method runs, with the role the method declares and the caller the
 * connection's handshake was let in as (its API key, or {@link Caller#LOCAL} without keys).
 */
@FunctionalInterface
public interface MethodGuard {
  /** The keys' roles: a caller may run a method when its role includes the one needed. */
  MethodGuard ROLES =
      (method, needed, caller) ->
          caller.may(needed)
              ? null
              : method
                  + " needs role "
                  + needed
                  + " (or admin); key '"
                  + caller.name()
                  + "' has role "
                  + caller.role();

  /**
   * @return null when the caller may run {@code method}, else why not (sent as error -32003)
   */
  String refuse(String method, Role needed, Caller caller);
}
