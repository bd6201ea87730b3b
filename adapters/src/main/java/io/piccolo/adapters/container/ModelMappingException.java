package io.piccolo.adapters.container;

/**
 * A Model document a container runtime cannot run as written: the message names the Model, the
 * field path and what to write instead. Such work fails at once; a retry would not help.
 */
public final class ModelMappingException extends Exception {
  public ModelMappingException(String message) {
    super(message);
  }
}
