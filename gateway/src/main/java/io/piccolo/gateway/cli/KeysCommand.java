package io.piccolo.gateway.cli;

import io.piccolo.gateway.security.ApiKey;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.AuditLog;
import io.piccolo.gateway.security.KeySecrets;
import io.piccolo.gateway.security.Role;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.settings.SettingsException;
import io.piccolo.gateway.settings.SettingsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code piccolo keys add|list|remove}: API keys in the settings file. The file keeps its other
 * lines, is replaced atomically, and the change is recorded in the audit log. A running serve reads
 * its keys at start, so it sees a change when it restarts.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = {
      "API keys for piccolo serve, kept (only their hashes) in the settings file.",
      "Roles: viewer (reads), operator (signals, artifacts), rule-author (rules), admin"
          + " (everything). A running serve reads its keys at start: restart it to apply a change."
    },
    subcommands = {KeysCommand.Add.class, KeysCommand.List.class, KeysCommand.Remove.class})
final class KeysCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
  }

  /** {@code --config FILE}, defaulting to the file every command reads when none is named. */
  static final class ConfigFile {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "settings file holding the keys (default: ${XDG_CONFIG_HOME:-~/.config}/piccolo/config.yaml,"
                + " made when missing)")
    Path file;

    Path path() {
      return file != null ? file : SettingsFile.defaultLocation();
    }

    /** The file's settings; a missing file has none. A bad file is refused and left as it is. */
    Settings read() {
      Path path = path();
      if (!Files.exists(path)) {
        return Settings.defaults();
      }
      try {
        return SettingsFile.read(path);
      } catch (SettingsException e) {
        throw new UserError(UserError.BAD_INPUT, e.getMessage() + "; nothing was changed");
      }
    }

    String text() {
      Path path = path();
      try {
        return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UserError(UserError.BAD_INPUT, path + ": cannot be read: " + e.getMessage());
      }
    }

    /**
     * Writes the new text beside the file, checks that it reads as settings with the keys expected,
     * then renames it over the file: a failure at any point leaves the file as it was.
     */
    ApiKeys replace(String text, java.util.function.Predicate<ApiKeys> expected) {
      Path path = path().toAbsolutePath();
      Path temp = null;
      try {
        Files.createDirectories(path.getParent());
        temp = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".tmp");
        Files.setPosixFilePermissions(temp, permissions(path));
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        ApiKeys keys = SettingsFile.read(temp).get(Settings.KEYS);
        if (!expected.test(keys)) {
          throw new UserError(
              1,
              path
                  + ": the keys section could not be changed without disturbing the file; change"
                  + " it by hand; nothing was changed");
        }
        try {
          Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
        }
        temp = null;
        return keys;
      } catch (IOException e) {
        throw new UserError(
            UserError.BAD_INPUT, path + ": cannot be written: " + e + "; nothing was changed");
      } catch (SettingsException e) {
        throw new UserError(
            1,
            path
                + ": the edited file would not read ("
                + e.getMessage()
                + "); nothing was changed");
      } finally {
        if (temp != null) {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // the temporary file is hidden and harmless
          }
        }
      }
    }

    /** The file's own permissions, or owner-only for a new file (it names who may do what). */
    private static Set<PosixFilePermission> permissions(Path path) throws IOException {
      return Files.exists(path)
          ? Files.getPosixFilePermissions(path)
          : PosixFilePermissions.fromString("rw-------");
    }
  }

  static void audit(Settings settings, String action, String name, String result, PrintWriter err) {
    try (AuditLog audit =
        AuditLog.forCommand(
            settings.get(Settings.AUDIT_FILE),
            settings.get(Settings.AUDIT_MAX_SIZE),
            settings.get(Settings.AUDIT_FILES),
            err)) {
      audit.record("local", action, "key " + name, result);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Makes a key: prints its secret once on stdout and stores only its hash.",
        "Send the secret as `Authorization: Bearer SECRET`."
      })
  static final class Add implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the key's name, e.g. dashboard")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "viewer, operator, rule-author or admin")
    String role;

    @picocli.CommandLine.Mixin ConfigFile config;

    @Override
    public Integer call() {
      ApiKey.nameProblem(name)
          .ifPresent(
              p -> {
                throw new UserError(UserError.BAD_INPUT, p);
              });
      Role chosen =
          Role.named(role)
              .orElseThrow(
                  () ->
                      new UserError(
                          UserError.BAD_INPUT,
                          "--role '" + role + "' is not a role: use one of " + Role.ids()));
      Settings before = config.read();
      if (before.get(Settings.KEYS).named(name).isPresent()) {
        throw new UserError(
            UserError.BAD_INPUT,
            config.path()
                + ": a key named '"
                + name
                + "' exists; remove it first (piccolo keys remove "
                + name
                + ") or choose another name; nothing was changed");
      }
      String secret = KeySecrets.newSecret();
      KeysFile file = new KeysFile(config.text(), config.path().toString());
      file.add(name, chosen.id(), KeySecrets.hash(secret));
      config.replace(
          file.text(),
          keys ->
              keys.named(name).map(k -> k.role() == chosen).orElse(false)
                  && keys.size() == before.get(Settings.KEYS).size() + 1);
      PrintWriter err = spec.commandLine().getErr();
      audit(before, "key.add", name, "ok: role " + chosen.id());
      spec.commandLine().getOut().println(secret);
      err.println(
          "piccolo keys: added key '"
              + name
              + "' (role "
              + chosen.id()
              + ") to "
              + config.path()
              + "; the secret above is shown only this once (the file holds its hash): send it"
              + " as Authorization: Bearer SECRET. A running serve reads keys at start: restart"
              + " it.");
      return 0;
    }

    private void audit(Settings settings, String action, String key, String result) {
      KeysCommand.audit(settings, action, key, result, spec.commandLine().getErr());
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the keys: names, roles and rate limits, never secrets.")
  static final class List implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin ConfigFile config;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ApiKeys keys = config.read().get(Settings.KEYS);
      if (keys.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "piccolo keys: no API keys in "
                    + config.path()
                    + ": serve binds to loopback only and needs no key");
        return 0;
      }
      out.printf("%-24s %-12s %s%n", "NAME", "ROLE", "RATE LIMIT");
      for (ApiKey k : keys.keys()) {
        String rate =
            k.rate().isPresent() || k.burst().isPresent()
                ? (k.rate().isPresent() ? k.rate().getAsInt() + "/s" : "default")
                    + (k.burst().isPresent() ? ", burst " + k.burst().getAsInt() : "")
                : "default";
        out.printf("%-24s %-12s %s%n", k.name(), k.role().id(), rate);
      }
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      description = "Removes a key; a running serve accepts it until it restarts.")
  static final class Remove implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "the key's name")
    String name;

    @picocli.CommandLine.Mixin ConfigFile config;

    @Override
    public Integer call() {
      Settings before = config.read();
      ApiKeys keys = before.get(Settings.KEYS);
      if (keys.named(name).isEmpty()) {
        throw new UserError(
            UserError.BAD_INPUT,
            config.path()
                + ": no key named '"
                + name
                + "'"
                + (keys.isEmpty() ? " (it holds none)" : "; piccolo keys list names them")
                + "; nothing was changed");
      }
      KeysFile file = new KeysFile(config.text(), config.path().toString());
      if (!file.remove(name)) {
        throw new UserError(
            1,
            config.path()
                + ": the key '"
                + name
                + "' is not written as piccolo keys writes keys; remove it by hand; nothing was"
                + " changed");
      }
      config.replace(
          file.text(), after -> after.named(name).isEmpty() && after.size() == keys.size() - 1);
      KeysCommand.audit(before, "key.remove", name, "ok", spec.commandLine().getErr());
      spec.commandLine()
          .getErr()
          .println(
              "piccolo keys: removed key '"
                  + name
                  + "' from "
                  + config.path()
                  + "; a running serve accepts it until it restarts");
      return 0;
    }
  }
}
