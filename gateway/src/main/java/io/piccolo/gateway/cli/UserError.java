package io.piccolo.gateway.cli;

/** Something the user can fix: printed as one message, with an exit code. */
final class UserError extends RuntimeException {
  /** Bad input files (traces, specs): exit 2. */
  static final int BAD_INPUT = 2;

  private final int exitCode;

  UserError(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
