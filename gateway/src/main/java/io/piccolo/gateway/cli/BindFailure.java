package io.piccolo.gateway.cli;

/**
 * Why {@code serve} could not listen, as an exit code: a port another process holds is a conflict
 * of the moment (1, as for a store in use); an address that is not this machine's, or no address at
 * all, is bad input (2).
 */
final class BindFailure {
  private BindFailure() {}

  static UserError of(String host, int port, Throwable failure) {
    String all = messages(failure);
    if (all.contains("Address already in use")) {
      return new UserError(
          1,
          "cannot serve on "
              + host
              + ":"
              + port
              + ": the port is in use by another process; choose another with --port or"
              + " serve.port (0 picks a free one)");
    }
    if (all.contains("Cannot assign requested address")
        || all.contains("UnknownHost")
        || all.contains("resolve")
        || all.contains("unresolved")) {
      return new UserError(
          UserError.BAD_INPUT,
          "cannot serve on "
              + host
              + ":"
              + port
              + ": '"
              + host
              + "' is not an address of this machine; choose one with --host or serve.host"
              + " (127.0.0.1 for loopback)");
    }
    return new UserError(1, "cannot serve: " + firstLine(failure.getMessage()));
  }

  private static String messages(Throwable failure) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      out.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
    }
    return out.toString();
  }

  private static String firstLine(String message) {
    return message == null ? "it did not start" : message.lines().findFirst().orElse(message);
  }
}
