package io.piccolo.gateway.cli;

/** {@code --default-decision allow|deny}. */
final class DefaultDecision {
  private DefaultDecision() {}

  /** True for deny. */
  static boolean parse(String text) {
    return switch (text) {
      case "allow" -> false;
      case "deny" -> true;
      default ->
          throw new UserError(
              UserError.BAD_INPUT, "--default-decision must be allow or deny, not '" + text + "'");
    };
  }
}
