package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.gateway.settings.Setting;
import io.piccolo.gateway.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsCommandTest {
  @TempDir Path dir;

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("config.yaml"), yaml);
  }

  @Test
  void listsEverySettingWithItsDefaultAndWhereItCameFrom() {
    Cli cli = Cli.run("settings", "--config", "/dev/null");
    assertEquals(0, cli.exitCode(), cli::toString);
    for (Setting<?> s : Settings.ALL) {
      assertTrue(
          cli.out().contains(s.name() + ": " + s.format(s.defaultValue()) + "    # default;"),
          cli::toString);
    }
  }

  @Test
  void nestedAndDottedNamesBothSetAValueAndTheListingNamesItsLine() throws Exception {
    Path file = config("report:\n  decision-rows: 50\nevaluation.event-retention: 2m\n");
    Cli cli = Cli.run("settings", "--config", file.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(cli.out().contains("report.decision-rows: 50    # " + file + ":2;"), cli::toString);
    assertTrue(
        cli.out().contains("evaluation.event-retention: 2m    # " + file + ":3;"), cli::toString);
  }

  @Test
  void anUnknownSettingIsRefusedWithItsLineAndTheNameItProbablyMeant() throws Exception {
    Path file = config("report:\n  decision-rws: 50\n");
    Cli cli = Cli.run("settings", "--config", file.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertEquals(
        "piccolo: "
            + file
            + ":2:17: report.decision-rws: no such setting (did you mean"
            + " 'report.decision-rows'?); `piccolo settings` lists them all\n",
        cli.err());
  }

  @Test
  void aBadValueIsRefusedAtStartWithItsFieldPathAndWhatToWrite() throws Exception {
    Path file = config("evaluation:\n  default-decision: maybe\n");
    Cli cli =
        Cli.run(
            "simulate",
            "--config",
            file.toString(),
            "--rules",
            dir.toString(),
            "--trace",
            "/nonexistent.csv");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertEquals(
        "piccolo: "
            + file
            + ":2:21: evaluation.default-decision: 'maybe' is not one of allow, deny\n",
        cli.err());
  }

  @Test
  void anOptionOverridesTheFileAndABadOptionValueNamesTheOption() throws Exception {
    Path file = config("evaluation:\n  event-retention: 1m\n");
    Cli cli =
        Cli.run(
            "rules",
            "check",
            "--config",
            file.toString(),
            "--event-retention",
            "soon",
            dir.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err().startsWith("piccolo: --event-retention: bad duration 'soon'"), cli::toString);
  }

  @Test
  void aMissingSettingsFileIsNamed() {
    Cli cli = Cli.run("settings", "--config", dir.resolve("nope.yaml").toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertEquals("piccolo: " + dir.resolve("nope.yaml") + ": no such settings file\n", cli.err());
  }

  @Test
  void operationsDocsListEverySettingWithItsDefault() throws Exception {
    String docs = Files.readString(Cli.REPO.resolve("docs/operations.md"));
    for (Setting<?> s : Settings.ALL) {
      assertTrue(
          docs.contains("| `" + s.name() + "` | `" + s.documentedDefault() + "` |"),
          "docs/operations.md should list | `"
              + s.name()
              + "` | `"
              + s.documentedDefault()
              + "` | ...");
    }
  }

  @Test
  void aSettingWrittenTwiceNestedAndDottedIsRefusedRatherThanTheLastWinning() throws Exception {
    Path file =
        config("evaluation:\n  default-decision: deny\nevaluation.default-decision: allow\n");
    Cli cli = Cli.run("settings", "--config", file.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err().contains("evaluation.default-decision: set twice (first at line 2)"),
        cli::toString);
  }

  @Test
  void valuesTooBigForTheirSettingAreRefusedNamingTheSetting() throws Exception {
    Cli rows =
        Cli.run(
            "settings",
            "--config",
            config("report.decision-rows: 99999999999999999999\n").toString());
    assertEquals(2, rows.exitCode(), rows::toString);
    assertTrue(
        rows.err().contains(":1:23: report.decision-rows: '99999999999999999999' is not"),
        rows::toString);
    Cli hours =
        Cli.run(
            "settings",
            "--config",
            config("evaluation.round-timeout: 99999999999999999999h\n").toString());
    assertEquals(2, hours.exitCode(), hours::toString);
    assertTrue(hours.err().contains("evaluation.round-timeout: bad duration"), hours::toString);
  }

  @Test
  void aFolderGivenAsSettingsFileIsNamedAsAFolder() {
    Cli cli = Cli.run("settings", "--config", dir.toString());
    assertEquals(2, cli.exitCode(), cli::toString);
    assertEquals("piccolo: " + dir + ": is a folder; name the settings file itself\n", cli.err());
  }
}
