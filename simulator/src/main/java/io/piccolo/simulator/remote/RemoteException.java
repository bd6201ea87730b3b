package io.piccolo.simulator.remote;

/** The server could not be reached, refused the stream, or went away mid-run; says which. */
public final class RemoteException extends Exception {
  public RemoteException(String message) {
    super(message);
  }
}
