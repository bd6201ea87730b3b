package io.piccolo.network;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' view of the kernel: network namespaces standing in for containers started with network
 * {@code none}, iperf3 between them, and what {@code ip}, {@code tc} and {@code bpftool} show. A
 * missing tool or kernel feature fails the test naming it.
 */
public final class Kernel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Kernel() {}

  public static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        fail(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
      }
      return out;
    } catch (IOException e) {
      return fail(
          command[0] + " is missing (" + e.getMessage() + "); run scripts/install-pharos.sh");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail("interrupted");
    }
  }

  /** Whether a command succeeds, e.g. a connection attempt. */
  public static boolean succeeds(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return fail(command[0] + " is missing: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A network namespace named {@code name}; closing it removes it and whatever is in it. */
  public static final class Netns implements AutoCloseable {
    final String name;

    public Netns(String name) {
      this.name = name;
      if (succeeds("ip", "netns", "pids", name)) {
        run("ip", "netns", "del", name);
      }
      run("ip", "netns", "add", name);
    }

    @Override
    public void close() {
      run("ip", "netns", "del", name);
    }
  }

  /** An iperf3 server, in a namespace or on the host, bound to one address. */
  public static final class IperfServer implements AutoCloseable {
    private final Process process;
    final String address;
    final int port;

    public IperfServer(String netns, String address, int port) throws IOException {
      this.address = address;
      this.port = port;
      List<String> command = new ArrayList<>();
      if (netns != null) {
        command.addAll(List.of("ip", "netns", "exec", netns));
      }
      command.addAll(List.of("iperf3", "-s", "-J", "-B", address, "-p", Integer.toString(port)));
      this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      new Thread(this::drain, "iperf3-server-" + port).start();
      io.piccolo.connectors.testing.Waits.until(
          "iperf3 listens on " + address + ":" + port,
          java.time.Duration.ofSeconds(10),
          () -> listening(netns, address, port));
    }

    private void drain() {
      try {
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException ignored) {
        // the server was stopped
      }
    }

    private static boolean listening(String netns, String address, int port) {
      List<String> command = new ArrayList<>();
      if (netns != null) {
        command.addAll(List.of("ip", "netns", "exec", netns));
      }
      command.addAll(List.of("ss", "-Hltn", "src", address + ":" + port));
      return !run(command.toArray(String[]::new)).isBlank();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** A running iperf3 client in a namespace; {@link #result()} waits for its JSON report. */
  public static final class IperfClient {
    private final Process process;
    private final java.util.concurrent.CompletableFuture<String> out =
        new java.util.concurrent.CompletableFuture<>();

    public IperfClient(String netns, IperfServer server, int seconds) throws IOException {
      this(netns, server, seconds, null);
    }

    /**
     * @param pace the sender's own rate limit, e.g. {@code 60M}; null for as fast as it can
     */
    public IperfClient(String netns, IperfServer server, int seconds, String pace)
        throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  netns,
                  "iperf3",
                  "-c",
                  server.address,
                  "-p",
                  Integer.toString(server.port),
                  "-t",
                  Integer.toString(seconds),
                  "-J",
                  "--get-server-output"));
      if (pace != null) {
        command.addAll(List.of("-b", pace));
      }
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      new Thread(
              () -> {
                try {
                  out.complete(new String(process.getInputStream().readAllBytes()));
                } catch (IOException e) {
                  out.completeExceptionally(e);
                }
              },
              "iperf3-client")
          .start();
    }

    public JsonNode result() throws Exception {
      String text = out.get(120, TimeUnit.SECONDS);
      process.waitFor(10, TimeUnit.SECONDS);
      JsonNode json = JSON.readTree(text);
      if (json.has("error")) {
        fail("iperf3 failed: " + json.path("error").asText());
      }
      return json;
    }

    /** bit/s the server received over the whole run. */
    public double received() throws Exception {
      return result().path("end").path("sum_received").path("bits_per_second").asDouble();
    }
  }

  /** The bit/s of each one-second interval of a finished run. */
  public static List<Double> intervals(JsonNode result) {
    List<Double> rates = new ArrayList<>();
    for (JsonNode i : result.path("intervals")) {
      rates.add(i.path("sum").path("bits_per_second").asDouble());
    }
    return rates;
  }

  /**
   * The bit/s the server received in each whole second of a finished run: the receiver's count, so
   * what a shaper let through, where the sender's count also holds what waits in its socket buffer;
   * the server's last, partial interval is left out.
   */
  public static List<Double> receivedIntervals(JsonNode result) {
    List<Double> rates = new ArrayList<>();
    for (JsonNode i : result.path("server_output_json").path("intervals")) {
      JsonNode sum = i.path("sum");
      if (sum.path("seconds").asDouble() >= 0.5) {
        rates.add(sum.path("bits_per_second").asDouble());
      }
    }
    return rates;
  }

  /** Bytes an interface received, from {@code ip -s -j link}. */
  public static long rxBytes(String device) throws IOException {
    JsonNode links = JSON.readTree(run("ip", "-s", "-j", "link", "show", "dev", device));
    return links.get(0).path("stats64").path("rx").path("bytes").asLong();
  }
}
