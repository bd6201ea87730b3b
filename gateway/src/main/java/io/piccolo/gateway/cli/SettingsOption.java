package io.piccolo.gateway.cli;

import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.settings.SettingsException;
import io.piccolo.gateway.settings.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config FILE}: where a command's settings come from, read once and checked at start. */
final class SettingsOption {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "settings file (YAML; default: ${XDG_CONFIG_HOME:-~/.config}/piccolo/config.yaml when"
              + " present); `piccolo settings` lists every setting")
  Path file;

  private Settings loaded;

  /** The settings, from the named file, else the default file if present, else the defaults. */
  Settings settings() {
    if (loaded == null) {
      loaded = load();
    }
    return loaded;
  }

  /** Applies a command-line option on top of the file; options win. */
  <T> void override(io.piccolo.gateway.settings.Setting<T> setting, String text, String option) {
    if (text == null) {
      return;
    }
    try {
      loaded = settings().withOption(setting, text, option);
    } catch (SettingsException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    }
  }

  private Settings load() {
    Path chosen = file;
    if (chosen == null) {
      Path fallback = SettingsFile.defaultLocation();
      if (!Files.isRegularFile(fallback)) {
        return Settings.defaults();
      }
      chosen = fallback;
    }
    try {
      return SettingsFile.read(chosen);
    } catch (SettingsException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    }
  }
}
