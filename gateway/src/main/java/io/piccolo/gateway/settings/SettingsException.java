package io.piccolo.gateway.settings;

/** A settings file or option that cannot be used, with where and what to write instead. */
public final class SettingsException extends Exception {
  public SettingsException(String message) {
    super(message);
  }
}
