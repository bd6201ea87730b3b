package io.piccolo.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The access table and the roles, as the WebSocket dispatcher and the HTTP guard ask them. */
class AccessTest {
  private final Access access = new Access(false);

  @Test
  void rolesIncludeViewerAndAdminIncludesAllButOperatorAndRuleAuthorAreApart() {
    for (Role r : Role.values()) {
      assertTrue(r.includes(Role.VIEWER), r + " reads");
      assertTrue(Role.ADMIN.includes(r), "admin includes " + r);
    }
    assertTrue(!Role.OPERATOR.includes(Role.RULE_AUTHOR));
    assertTrue(!Role.RULE_AUTHOR.includes(Role.OPERATOR));
    assertTrue(!Role.VIEWER.includes(Role.OPERATOR));
    assertEquals(Optional.of(Role.RULE_AUTHOR), Role.named("rule-author"));
  }

  @Test
  void theTableNamesTheRoleOfEachEndpointAndRoutesWithoutARowAreNeverOpen() {
    assertEquals(Optional.empty(), access.required("GET", "/health/live"));
    assertEquals(Optional.of(Role.VIEWER), access.required("GET", "/metrics"));
    assertEquals(Optional.empty(), new Access(true).required("GET", "/metrics"));
    assertEquals(Optional.of(Role.OPERATOR), access.required("POST", "/api/v1/signals"));
    assertEquals(Optional.of(Role.OPERATOR), access.required("DELETE", "/api/artifact"));
    assertEquals(Optional.of(Role.VIEWER), access.required("GET", "/api/v1/rules"));
    assertEquals(Optional.of(Role.RULE_AUTHOR), access.required("POST", "/api/v1/rules"));
    assertEquals(Optional.of(Role.RULE_AUTHOR), access.required("PUT", "/api/v1/rules/a/b"));
    assertEquals(Optional.of(Role.VIEWER), access.required("GET", "/api/v1/stream"));
    assertEquals(Optional.of(Role.OPERATOR), access.required("POST", "/api/v1/scenarios"));
    assertEquals(
        Optional.of(Role.OPERATOR), access.required("POST", "/api/v1/scenarios/x/rollback"));
    assertEquals(Optional.of(Role.VIEWER), access.required("GET", "/api/v1/scenarios/x/history"));
    assertEquals(Optional.of(Role.ADMIN), access.required("POST", "/health/live"));
    assertEquals(Optional.of(Role.ADMIN), access.required("PUT", "/anything"));
    assertEquals(Optional.of(Role.VIEWER), access.required("GET", "/anything"));
  }

  @Test
  void jsonRpcMethodsNeedTheirRolesAndAnUnknownOneNeedsAdmin() {
    Caller viewer = new Caller("dash", Role.VIEWER);
    assertEquals(Optional.empty(), Access.refusal(viewer, "events.subscribe"));
    assertEquals(Optional.empty(), Access.refusal(viewer, "rules.status"));
    assertEquals(
        Optional.of("signal.publish needs role operator (or admin); key 'dash' has role viewer"),
        Access.refusal(viewer, "signal.publish"));
    assertEquals(
        Optional.empty(), Access.refusal(new Caller("ci", Role.OPERATOR), "signal.publish"));
    assertEquals(Role.ADMIN, Access.requiredForCall("rules.reload"));
    assertEquals(Optional.empty(), Access.refusal(Caller.LOCAL, "rules.reload"));
  }
}
