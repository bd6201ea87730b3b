package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** serve.webhooks is checked before serve opens anything, naming the setting and the entry. */
@Timeout(60)
class ServeWebhookSettingsTest {
  @TempDir Path dir;

  private Cli serve(String yaml) throws Exception {
    Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
    return Cli.run(
        "serve",
        "--config",
        config.toString(),
        "--port",
        "0",
        "--store",
        dir.resolve("store.json").toString(),
        "--rules",
        Cli.REPO.resolve("rules/camera").toString());
  }

  @Test
  void aWebhookThatIsNotAUrlStopsServeAtStartNamingTheSettingAndLine() throws Exception {
    Cli cli = serve("serve:\n  webhooks:\n    - http://127.0.0.1:9000/ok\n    - htp//nowhere\n");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err().contains("config.yaml:3:")
            && cli.err()
                .contains("serve.webhooks: [1]: 'htp//nowhere' is not an http(s) URL such as"),
        cli::toString);
    assertTrue(!Files.exists(dir.resolve("store.json")), "nothing was opened");
  }

  @Test
  void aWebhookFilterWithAnUnknownValueStopsServeNamingTheField() throws Exception {
    Cli cli = serve("serve.webhooks:\n  - {url: http://127.0.0.1:9000/hook, decision: maybe}\n");
    assertEquals(2, cli.exitCode(), cli::toString);
    assertTrue(
        cli.err()
            .contains(
                "serve.webhooks[0].decision: 'maybe' is not a decision; use allowed or denied"),
        cli::toString);
    Cli unknown = serve("serve.webhooks:\n  - {url: http://127.0.0.1:9000/hook, rule: x}\n");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertTrue(
        unknown.err().contains("[0].rule: unknown; a webhook has url, kinds,"), unknown::toString);
  }

  @Test
  void theSettingsListingShowsWebhooksAsAFileWouldWriteThem() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config.yaml"),
            "serve.webhooks:\n  - http://a.example/x\n"
                + "  - {url: http://b.example/y, kinds: [decision], decision: denied}\n");
    Cli cli = Cli.run("settings", "--config", config.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "serve.webhooks: [http://a.example/x, {url: http://b.example/y, kinds: [decision],"
                    + " decision: denied}]    # "),
        cli::toString);
  }
}
