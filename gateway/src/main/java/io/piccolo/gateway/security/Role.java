package io.piccolo.gateway.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an API key may do. {@code viewer} reads; {@code operator} also sends signals and changes
 * artifacts; {@code rule-author} also changes rules; {@code admin} may do everything. Operators and
 * rule authors are separate: neither includes the other.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  RULE_AUTHOR,
  ADMIN;

  /** The name as written in settings and messages: {@code rule-author}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether a key with this role may do what {@code needed} allows. */
  public boolean includes(Role needed) {
    return this == needed || this == ADMIN || needed == VIEWER;
  }

  public static Optional<Role> named(String id) {
    return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
  }

  /** {@code viewer, operator, rule-author, admin}, for messages. */
  public static String ids() {
    return Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id();
  }
}
