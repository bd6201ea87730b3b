package io.piccolo.gateway.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.piccolo.engine.fact.SignalValues;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The CLI as a client of a running {@code piccolo serve}. */
final class ClientCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientCommands() {}

  /** {@code --server URL}, checked, without a trailing slash. */
  static URI server(String url, String path) {
    return server(url, path, "--server");
  }

  /** A server URL given with {@code option}, checked, without a trailing slash. */
  static URI server(String url, String path, String option) {
    try {
      URI base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (!"http".equals(base.getScheme()) || base.getHost() == null) {
        throw new IllegalArgumentException("not an http URL");
      }
      return URI.create(base + path);
    } catch (IllegalArgumentException e) {
      throw new UserError(
          UserError.BAD_INPUT,
          option + " '" + url + "' is not a server URL such as http://127.0.0.1:47099");
    }
  }

  /**
   * The environment variable holding the API key client commands send, when the server has keys.
   */
  static final String API_KEY = "PICCOLO_API_KEY";

  /** A request carrying the API key from {@code PICCOLO_API_KEY}, when it is set. */
  static HttpRequest.Builder request(URI target) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(target);
    String key = System.getenv(API_KEY);
    if (key != null && !key.isBlank()) {
      builder.header("Authorization", "Bearer " + key.strip());
    }
    return builder;
  }

  /** A refusal from the server, with what to do when it is about the API key. */
  static UserError refused(String server, int status, String body) {
    String hint =
        switch (status) {
          case 401 -> "; set " + API_KEY + " to the secret of a key the server has";
          case 403 -> "; use a key whose role allows this";
          default -> "";
        };
    return new UserError(1, server + " answered " + status + ": " + body.trim() + hint);
  }

  static UserError unreachable(String url, Exception e) {
    String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e);
    return new UserError(1, url + ": " + why + "; is piccolo serve running there?");
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Sends samples to a running piccolo serve: PATH=VALUE, e.g. Vehicle.Speed=42.",
        "A value reads as in a trace: a decimal number, true/false, or else text."
      })
  static final class Publish implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the server")
    String server;

    @Parameters(arity = "1..*", paramLabel = "PATH=VALUE", description = "samples, in order")
    List<String> samples;

    @Override
    public Integer call() throws InterruptedException {
      URI target = server(server, "/api/v1/signals");
      ArrayNode body = JSON.createArrayNode();
      for (String sample : samples) {
        int eq = sample.indexOf('=');
        if (eq <= 0) {
          throw new UserError(
              UserError.BAD_INPUT, "'" + sample + "' is not PATH=VALUE, e.g. Vehicle.Speed=42");
        }
        ObjectNode item = body.addObject().put("path", sample.substring(0, eq));
        String raw = sample.substring(eq + 1);
        double number = SignalValues.parseNumber(raw);
        if (!Double.isNaN(number)) {
          item.put("value", number);
        } else if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
          item.put("value", Boolean.parseBoolean(raw));
        } else {
          item.put("value", raw);
        }
      }
      HttpResponse<String> answer;
      try {
        answer =
            HttpClient.newHttpClient()
                .send(
                    request(target)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        throw unreachable(server, e);
      }
      if (answer.statusCode() != 202) {
        throw refused(server, answer.statusCode(), answer.body());
      }
      spec.commandLine().getOut().println("published " + samples.size() + " sample(s)");
      return 0;
    }
  }

  @Command(
      name = "events",
      mixinStandardHelpOptions = true,
      description = {
        "Follows the decisions of a running piccolo serve, one JSON line each (the simulate"
            + " line), until interrupted or the server stops."
      })
  static final class Events implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "the server")
    String server;

    @Option(names = "--scenario", paramLabel = "NAME", description = "only this scenario's")
    String scenario;

    @Option(names = "--target", paramLabel = "NAME", description = "only for this target")
    String target;

    @Option(names = "--decision", paramLabel = "allowed|denied", description = "only these")
    String decision;

    @Override
    public Integer call() throws InterruptedException {
      if (decision != null && !List.of("allowed", "denied").contains(decision)) {
        throw new UserError(UserError.BAD_INPUT, "--decision must be allowed or denied");
      }
      StringBuilder query = new StringBuilder();
      append(query, "kind", "decision");
      append(query, "scenario", scenario);
      append(query, "target", target);
      append(query, "decision", decision);
      URI source = server(server, "/api/v1/events" + query);
      PrintWriter out = spec.commandLine().getOut();
      HttpResponse<Stream<String>> answer;
      try {
        answer =
            HttpClient.newHttpClient()
                .send(request(source).GET().build(), HttpResponse.BodyHandlers.ofLines());
      } catch (java.io.IOException e) {
        throw unreachable(server, e);
      }
      if (answer.statusCode() != 200) {
        throw refused(server, answer.statusCode(), "");
      }
      String[] event = {"decision"}; // the stream also carries rule reloads: decisions only
      answer
          .body()
          .forEach(
              line -> {
                if (line.startsWith("event: ")) {
                  event[0] = line.substring("event: ".length());
                } else if (line.startsWith("data: ") && event[0].equals("decision")) {
                  out.println(line.substring("data: ".length()));
                  out.flush();
                }
              });
      return 0;
    }

    private static void append(StringBuilder query, String name, String value) {
      if (value != null) {
        query
            .append(query.length() == 0 ? '?' : '&')
            .append(name)
            .append('=')
            .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }
}
