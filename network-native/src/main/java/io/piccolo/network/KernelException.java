package io.piccolo.network;

/** The kernel refused a change, or a tool PHAROS drives (ip, tc, bpftool) is missing or failed. */
public final class KernelException extends Exception {
  public KernelException(String message) {
    super(message);
  }

  public KernelException(String message, Throwable cause) {
    super(message, cause);
  }
}
