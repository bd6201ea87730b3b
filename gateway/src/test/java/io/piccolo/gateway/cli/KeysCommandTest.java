package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.gateway.security.ApiKey;
import io.piccolo.gateway.security.ApiKeys;
import io.piccolo.gateway.security.KeySecrets;
import io.piccolo.gateway.security.Role;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.settings.SettingsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** piccolo keys add, list and remove on a real settings file. */
class KeysCommandTest {
  @TempDir Path dir;

  private static final String SETTINGS =
      """
      # settings of the test vehicle
      serve.port: 0   # any free port

      report:
        decision-rows: 5   # a short report
      """;

  private Path config() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            SETTINGS + "audit.file: " + dir.resolve("audit.jsonl") + "\n");
    return Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private static Cli keys(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "keys";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(all);
  }

  @Test
  void addPrintsTheSecretOnceAndStoresOnlyItsHashKeepingTheRestOfTheFile() throws Exception {
    Path config = config();
    String before = Files.readString(config);
    Cli added = keys("add", "dashboard", "--role", "viewer", "--config", config.toString());
    assertEquals(0, added.exitCode(), added::toString);
    String secret = added.out().strip();
    assertTrue(secret.startsWith("piccolo_") && secret.length() >= 50, added::toString);
    assertEquals(secret + "\n", added.out(), "stdout holds the secret alone");
    assertTrue(added.err().contains("shown only this once"), added::toString);
    assertTrue(added.err().contains("restart"), "says a running serve reads keys at start");

    String after = Files.readString(config);
    assertFalse(after.contains(secret), "the secret is not stored: " + after);
    assertFalse(
        after.contains(secret.substring("piccolo_".length(), 20)), "nor any part of it: " + after);
    assertTrue(after.startsWith(before), "the comments and settings stay as they were: " + after);
    assertTrue(after.contains("  dashboard:\n    role: viewer\n    hash: \"sha256:"), after);
    ApiKeys stored = SettingsFile.read(config).get(Settings.KEYS);
    ApiKey key = stored.named("dashboard").orElseThrow();
    assertEquals(Role.VIEWER, key.role());
    assertTrue(KeySecrets.matches(secret, key.hash()), "the stored hash is the secret's");
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(config)),
        "the file keeps its permissions");
    assertEquals(0, SettingsFile.read(config).get(Settings.REPORT_DECISION_ROWS) - 5);
    List<String> leftovers =
        Files.list(dir)
            .map(p -> p.getFileName().toString())
            .filter(n -> n.endsWith(".tmp"))
            .toList();
    assertEquals(List.of(), leftovers, "the temporary file was renamed over the settings file");
  }

  @Test
  void twoKeysGetDifferentSecretsAndHashesAndBothAreListedWithoutSecrets() throws Exception {
    Path config = config();
    Cli first = keys("add", "ingest", "--role", "operator", "--config", config.toString());
    Cli second = keys("add", "author", "--role", "rule-author", "--config", config.toString());
    assertEquals(0, second.exitCode(), second::toString);
    assertFalse(first.out().equals(second.out()));
    Cli listed = keys("list", "--config", config.toString());
    assertEquals(0, listed.exitCode(), listed::toString);
    assertEquals(
        List.of(
            "NAME                     ROLE         RATE LIMIT",
            "ingest                   operator     default",
            "author                   rule-author  default"),
        List.of(listed.outLines()));
    assertFalse(listed.out().contains(first.out().strip()));
    assertFalse(listed.out().contains("sha256"), "no hashes either");
  }

  @Test
  void aDuplicateNameIsRefusedAndTheFileIsLeftAsItWas() throws Exception {
    Path config = config();
    keys("add", "ingest", "--role", "operator", "--config", config.toString());
    String before = Files.readString(config);
    Cli again = keys("add", "ingest", "--role", "admin", "--config", config.toString());
    assertEquals(2, again.exitCode(), again::toString);
    assertEquals("", again.out(), "no secret is printed");
    assertTrue(again.err().contains("a key named 'ingest' exists"), again::toString);
    assertEquals(before, Files.readString(config));
  }

  @Test
  void removeDropsOnlyThatKeyAndKeepsTheOthersAndTheComments() throws Exception {
    Path config = config();
    keys("add", "one", "--role", "viewer", "--config", config.toString());
    Cli two = keys("add", "two", "--role", "admin", "--config", config.toString());
    keys("add", "three", "--role", "viewer", "--config", config.toString());
    Cli removed = keys("remove", "one", "--config", config.toString());
    assertEquals(0, removed.exitCode(), removed::toString);
    assertTrue(removed.err().contains("until it restarts"), removed::toString);
    String after = Files.readString(config);
    assertTrue(after.startsWith(SETTINGS), after);
    ApiKeys left = SettingsFile.read(config).get(Settings.KEYS);
    assertEquals(List.of("two", "three"), left.keys().stream().map(ApiKey::name).toList());
    assertTrue(KeySecrets.matches(two.out().strip(), left.named("two").orElseThrow().hash()));

    Cli unknown = keys("remove", "one", "--config", config.toString());
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.err().contains("no key named 'one'"), unknown::toString);
    assertEquals(after, Files.readString(config), "nothing changed");
  }

  @Test
  void aKeyAddedBesideAHandWrittenSectionKeepsItsIndentation() throws Exception {
    Path config = dir.resolve("hand.yaml");
    Files.writeString(
        config,
        "keys:\n    # the monitoring key\n    grafana:\n        role: viewer\n        hash: \""
            + KeySecrets.hash("piccolo_x")
            + "\"\nserve.port: 0\n");
    Cli added = keys("add", "ci", "--role", "operator", "--config", config.toString());
    assertEquals(0, added.exitCode(), added::toString);
    String text = Files.readString(config);
    assertTrue(text.contains("    # the monitoring key\n"), text);
    assertTrue(text.endsWith("serve.port: 0\n"), text);
    ApiKeys keys = SettingsFile.read(config).get(Settings.KEYS);
    assertEquals(List.of("grafana", "ci"), keys.keys().stream().map(ApiKey::name).toList());
    assertEquals(0, keys("remove", "grafana", "--config", config.toString()).exitCode());
    assertEquals(
        List.of("ci"),
        SettingsFile.read(config).get(Settings.KEYS).keys().stream().map(ApiKey::name).toList());
  }

  @Test
  void aMissingSettingsFileIsMadeWithTheKeyReadableByItsOwnerOnly() throws Exception {
    Path config = dir.resolve("new").resolve("config.yaml");
    Cli added = keys("add", "first", "--role", "admin", "--config", config.toString());
    assertEquals(0, added.exitCode(), added::toString);
    assertEquals(
        Role.ADMIN,
        SettingsFile.read(config).get(Settings.KEYS).named("first").orElseThrow().role());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
  }

  @Test
  void aBadRoleNameOrSettingsFileIsBadInputAndChangesNothing() throws Exception {
    Path config = config();
    String before = Files.readString(config);
    Cli role = keys("add", "x", "--role", "boss", "--config", config.toString());
    assertEquals(2, role.exitCode(), role::toString);
    assertTrue(
        role.err()
            .contains("'boss' is not a role: use one of viewer, operator, rule-author, admin"),
        role::toString);
    Cli name = keys("add", "a/b", "--role", "viewer", "--config", config.toString());
    assertEquals(2, name.exitCode(), name::toString);
    assertTrue(name.err().contains("'a/b' is not a key name"), name::toString);
    assertEquals(before, Files.readString(config));

    Path broken = Files.writeString(dir.resolve("broken.yaml"), "report.decision-rws: 5\n");
    Cli refused = keys("add", "x", "--role", "viewer", "--config", broken.toString());
    assertEquals(2, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("report.decision-rws: no such setting"), refused::toString);
    assertEquals("report.decision-rws: 5\n", Files.readString(broken));

    Path inline = Files.writeString(dir.resolve("inline.yaml"), "keys: {}\n");
    assertEquals(0, keys("add", "x", "--role", "viewer", "--config", inline.toString()).exitCode());
  }

  @Test
  void keyChangesAreWrittenToTheAuditLog() throws Exception {
    Path config = config();
    keys("add", "ingest", "--role", "operator", "--config", config.toString());
    keys("remove", "ingest", "--config", config.toString());
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertEquals(2, lines.size(), lines::toString);
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\{\"time\":\"20[^\"]+Z\",\"who\":\"local\",\"action\":\"key.add\",\"what\":\"key"
                    + " ingest\",\"result\":\"ok: role operator\"}"),
        lines.get(0));
    assertTrue(lines.get(1).contains("\"action\":\"key.remove\""), lines.get(1));
  }

  @Test
  void aBadKeysSectionFailsAtStartNamingTheFieldPath() throws Exception {
    Path role =
        Files.writeString(
            dir.resolve("role.yaml"),
            "keys:\n  carol:\n    role: boss\n    hash: \"" + KeySecrets.hash("s") + "\"\n");
    Cli serve =
        Cli.run("serve", "--config", role.toString(), "--store", dir.resolve("s.json").toString());
    assertEquals(2, serve.exitCode(), serve::toString);
    assertEquals(
        "piccolo: "
            + role
            + ":3:11: keys.carol.role: 'boss' is not a role: write one of viewer, operator,"
            + " rule-author, admin\n",
        serve.err());
    Path hash = Files.writeString(dir.resolve("hash.yaml"), "keys:\n  carol:\n    role: admin\n");
    Cli noHash = Cli.run("settings", "--config", hash.toString());
    assertEquals(2, noHash.exitCode(), noHash::toString);
    assertTrue(noHash.err().contains(":3:5: keys.carol.hash: missing"), noHash::toString);
    Path field =
        Files.writeString(
            dir.resolve("field.yaml"),
            "keys:\n  carol:\n    role: admin\n    secret: abc\n    hash: \""
                + KeySecrets.hash("s")
                + "\"\n");
    Cli extra = Cli.run("settings", "--config", field.toString());
    assertEquals(2, extra.exitCode(), extra::toString);
    assertTrue(extra.err().contains(":4:13: keys.carol.secret: no such field"), extra::toString);
    Path rate =
        Files.writeString(
            dir.resolve("rate.yaml"),
            "keys:\n  carol:\n    role: admin\n    rate: fast\n    hash: \""
                + KeySecrets.hash("s")
                + "\"\n");
    Cli badRate = Cli.run("settings", "--config", rate.toString());
    assertEquals(2, badRate.exitCode(), badRate::toString);
    assertTrue(
        badRate.err().contains("keys.carol.rate: 'fast' is not a whole number"), badRate::toString);
  }
}
