package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.rulebase.RuleBaseBuilder;
import io.piccolo.gateway.serve.PiccoloServer;
import io.piccolo.gateway.settings.SettingsFile;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** serve over HTTPS with a certificate made here by openssl, and a client that trusts it. */
@Timeout(120)
class TlsServeTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** A self-signed certificate for 127.0.0.1 and its key, as NAME.crt and NAME.key. */
  private Path[] certificate(String name) throws Exception {
    Path crt = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                crt.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl did not finish");
    assertEquals(0, p.exitValue(), "openssl (Debian package openssl) is needed: " + output);
    return new Path[] {crt, key};
  }

  private Path config(Path crt, Path key) throws Exception {
    return Files.writeString(
        dir.resolve("config.yaml"),
        "serve.port: 0\naudit.file: "
            + dir.resolve("audit.jsonl")
            + "\nserve.tls:\n  certificate: "
            + crt
            + "\n  key: "
            + key
            + "\n");
  }

  @Test
  void aClientTrustingTheCertificateIsServedOverHttpsAndPlainHttpIsRefused() throws Exception {
    Path[] pem = certificate("server");
    Path config = config(pem[0], pem[1]);
    Cli added = Cli.run("keys", "add", "probe", "--role", "viewer", "--config", config.toString());
    String secret = added.out().strip();
    PiccoloServer server =
        new PiccoloServer(
            new RuleBaseBuilder().build(),
            StateStores.file(dir.resolve("store.json")),
            SettingsFile.read(config),
            round -> {},
            new PrintWriter(new StringWriter()));
    server.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      assertTrue(server.tls());
      WebClient https =
          WebClient.create(
              vertx,
              new WebClientOptions()
                  .setSsl(true)
                  .setTrustOptions(new PemTrustOptions().addCertPath(pem[0].toString()))
                  .setVerifyHost(true));
      HttpResponse<Buffer> answer =
          https
              .get(server.port(), "127.0.0.1", "/api/v1/scenarios")
              .bearerTokenAuthentication(secret)
              .send()
              .await();
      assertEquals(200, answer.statusCode(), answer.bodyAsString());
      assertEquals(
          401,
          https.get(server.port(), "127.0.0.1", "/api/v1/scenarios").send().await().statusCode());

      WebClient untrusting = WebClient.create(vertx, new WebClientOptions().setSsl(true));
      assertThrows(
          Exception.class,
          () -> untrusting.get(server.port(), "127.0.0.1", "/health/live").send().await(),
          "a client that does not trust the certificate gets no answer");
      WebClient plain = WebClient.create(vertx);
      assertThrows(
          Exception.class,
          () -> plain.get(server.port(), "127.0.0.1", "/health/live").send().await(),
          "plain HTTP on the TLS port gets no answer");
    } finally {
      server.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMismatchedMissingOrHalfGivenTlsFileFailsAtStartNamingTheSetting() throws Exception {
    Path[] one = certificate("one");
    Path[] other = certificate("other");
    String store = dir.resolve("s.json").toString();
    Cli mismatched =
        Cli.run("serve", "--config", config(one[0], other[1]).toString(), "--store", store);
    assertEquals(2, mismatched.exitCode(), mismatched::toString);
    assertEquals(
        "piccolo: serve.tls.key "
            + other[1]
            + " is not the private key of the certificate serve.tls.certificate "
            + one[0]
            + "; name the key the certificate was made with\n",
        mismatched.err());

    Cli missing =
        Cli.run(
            "serve",
            "--config",
            config(dir.resolve("nope.crt"), one[1]).toString(),
            "--store",
            store);
    assertEquals(2, missing.exitCode(), missing::toString);
    assertTrue(
        missing
            .err()
            .startsWith(
                "piccolo: serve.tls.certificate " + dir.resolve("nope.crt") + ": no such file"),
        missing::toString);

    Path notPem = Files.writeString(dir.resolve("junk.crt"), "not a certificate\n");
    Cli junk = Cli.run("serve", "--config", config(notPem, one[1]).toString(), "--store", store);
    assertEquals(2, junk.exitCode(), junk::toString);
    assertTrue(junk.err().contains("not a PEM certificate and private key"), junk::toString);

    Path half =
        Files.writeString(dir.resolve("half.yaml"), "serve.tls.certificate: " + one[0] + "\n");
    Cli halfGiven = Cli.run("serve", "--config", half.toString(), "--store", store);
    assertEquals(2, halfGiven.exitCode(), halfGiven::toString);
    assertEquals(
        List.of(
            "piccolo: serve.tls.certificate is set but serve.tls.key is not; HTTPS needs both, or"
                + " neither for HTTP"),
        List.of(halfGiven.err().split("\n")));
    assertTrue(!Files.exists(dir.resolve("s.json")), "the store was not opened");
  }
}
