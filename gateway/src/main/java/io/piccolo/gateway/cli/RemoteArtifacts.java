package io.piccolo.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.StoredArtifact;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --server URL}: {@code apply}, {@code delete}, {@code get} and {@code history} against a
 * running {@code piccolo serve} instead of a store, through its artifact and resource APIs.
 */
final class RemoteArtifacts {
  /** Made when first needed, not when a command of the CLI is set up. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "a running piccolo serve, e.g. http://127.0.0.1:47099, instead of a store")
  String server;

  /** Made when first needed: a client sets up TLS, a tenth of a second of every command's start. */
  private HttpClient http;

  boolean given() {
    return server != null;
  }

  /** Refuses --server together with a store option: one place holds the artifacts. */
  void exclusiveWith(StoreOptions store) {
    if (server != null && (store.etcd != null || store.file != null)) {
      throw new UserError(
          UserError.BAD_INPUT, "--server cannot be combined with --etcd or --store: choose one");
    }
  }

  /** Posts (or deletes) documents through Pullpiri's artifact API; problems end the command. */
  void send(String method, String documents) {
    HttpResponse<String> answer = call(method, "/api/artifact", documents, "text/plain");
    if (answer.statusCode() == 401 || answer.statusCode() == 403 || answer.statusCode() == 429) {
      throw ClientCommands.refused(server, answer.statusCode(), answer.body());
    }
    if (answer.statusCode() != 200) {
      throw new UserError(
          1,
          server
              + " refused: "
              + answer.body().trim()
              + (answer.body().contains("request body:")
                  ? " (lines count in the files joined in the order given)"
                  : ""));
    }
  }

  List<StoredArtifact> list(String kind) {
    List<StoredArtifact> all = new ArrayList<>();
    String after = null;
    do {
      String path =
          "/api/v1/"
              + ArtifactFile.plural(kind)
              + "?limit=1000"
              + (after == null
                  ? ""
                  : "&continue=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      JsonNode page = json(call("GET", path, null, "application/json"));
      page.get("items").forEach(item -> all.add(artifact(item)));
      after = page.hasNonNull("continue") ? page.get("continue").asText() : null;
    } while (after != null);
    return all;
  }

  Optional<StoredArtifact> get(ArtifactRef ref) {
    HttpResponse<String> answer =
        call(
            "GET",
            "/api/v1/" + ArtifactFile.plural(ref.kind()) + "/" + ref.name(),
            null,
            "application/json");
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    JsonNode document = json(answer);
    return Optional.of(new StoredArtifact(ref.kind(), ref.name(), 0, document));
  }

  List<StoredArtifact> history(ArtifactRef ref) {
    HttpResponse<String> answer =
        call(
            "GET",
            "/api/v1/" + ArtifactFile.plural(ref.kind()) + "/" + ref.name() + "/history",
            null,
            "application/json");
    if (answer.statusCode() == 404) {
      return List.of();
    }
    List<StoredArtifact> versions = new ArrayList<>();
    json(answer).get("items").forEach(item -> versions.add(artifact(item)));
    return versions;
  }

  String describe() {
    return "server at " + server;
  }

  private static StoredArtifact artifact(JsonNode item) {
    return new StoredArtifact(
        item.get("kind").asText(),
        item.get("name").asText(),
        item.get("version").asLong(),
        item.get("document"));
  }

  private JsonNode json(HttpResponse<String> answer) {
    if (answer.statusCode() != 200) {
      throw ClientCommands.refused(server, answer.statusCode(), answer.body());
    }
    try {
      return Json.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      throw new UserError(1, server + " answered something that is not JSON: " + e.getMessage());
    }
  }

  private HttpResponse<String> call(String method, String path, String body, String accept) {
    try {
      if (http == null) {
        http = HttpClient.newHttpClient();
      }
      return http.send(
          ClientCommands.request(ClientCommands.server(server, path))
              .timeout(Duration.ofSeconds(30))
              .header("Accept", accept)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ClientCommands.unreachable(server, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError(1, "interrupted while talking to " + server);
    }
  }
}
