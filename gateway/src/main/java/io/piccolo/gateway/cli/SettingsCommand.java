package io.piccolo.gateway.cli;

import io.piccolo.gateway.settings.Setting;
import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    description = {
      "Lists every setting with the value in effect and where it came from (default, a settings"
          + " file line, or an option).",
      "A bad settings file is refused here as at the start of every command."
    })
final class SettingsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin SettingsOption config;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Settings settings = config.settings();
    for (Setting<?> s : Settings.ALL) {
      out.printf(
          "%s: %s    # %s; %s%n",
          s.name(), s.format(settings.get(s)), settings.source(s), s.description());
    }
    return 0;
  }
}
