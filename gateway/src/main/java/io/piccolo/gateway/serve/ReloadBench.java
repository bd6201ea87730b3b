package io.piccolo.gateway.serve;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.engine.DecidedAction;
import io.piccolo.gateway.settings.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code piccolo bench reload}: save-to-live on a running server with N DRL rules, from the moment
 * a rule file is uploaded ({@code PUT /api/v1/rules/...}) or saved on disk (with the watch) until
 * the changed rule has decided. The probe rule matches a signal whose value is already in the
 * session, so the first round of the new rules decides it.
 */
public final class ReloadBench {
  private static final String PROBE = "Vehicle.Bench.Probe";
  private static final int WARM_UP = 3;

  private final int rules;
  private final int files;
  private final int runs;
  private final RuleCompiler compiler;
  private final PrintWriter out;
  private final BlockingQueue<Long> probeDecided = new LinkedBlockingQueue<>();
  private volatile String awaited = "";

  /**
   * @param files how many files (each its own DRL package) hold the rules; the changed file shares
   *     the first one's package, so that package is compiled again on every change
   */
  public ReloadBench(int rules, int files, int runs, RuleCompiler compiler, PrintWriter out) {
    this.rules = rules;
    this.files = files;
    this.runs = runs;
    this.compiler = compiler;
    this.out = out;
  }

  /** Runs both ways of changing a file; the figures go to the output. */
  public void run() throws Exception {
    Path folder = Files.createTempDirectory("piccolo-bench-reload");
    try {
      writeRules(folder);
      Files.writeString(folder.resolve("probe.drl"), probe(0));
      RuleCompiler.Compiled first = compiler.compile(RuleSet.load(List.of(folder)), null);
      if (first.ruleBase() == null) {
        throw new IllegalStateException("the generated rules do not build: " + first.problems());
      }
      PiccoloServer server =
          new PiccoloServer(
              first.ruleBase(),
              new ReloadableRules(List.of(folder), compiler, true),
              StateStores.inMemory(),
              Settings.defaults().with(Settings.SERVE_PORT, 0, "bench"),
              this::decided,
              new PrintWriter(new StringWriter()));
      server.start().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      try {
        String base = "http://127.0.0.1:" + server.port();
        HttpClient http = HttpClient.newHttpClient();
        out.printf(
            Locale.ROOT,
            "%d DRL rules in %d packages, %d of them compiled again per change; %d runs after %d"
                + " warm-up%n",
            rules + 1,
            files,
            Math.min(rules, perFile()) + 1,
            runs,
            WARM_UP);
        out.printf(Locale.ROOT, "%-8s %10s %10s %10s%n", "change", "p50 ms", "max ms", "min ms");
        int version = 1;
        List<Long> upload = new ArrayList<>();
        List<Long> save = new ArrayList<>();
        for (int i = 0; i < WARM_UP + runs; i++, version += 2) {
          long put = measure(http, base, version, v -> upload(http, base, probe(v)));
          long saved = measure(http, base, version + 1, v -> save(folder, probe(v)));
          if (i >= WARM_UP) {
            upload.add(put);
            save.add(saved);
          }
        }
        row("upload", upload);
        row("save", save);
        out.printf(
            Locale.ROOT,
            "{\"bench\":\"reload\",\"rules\":%d,\"packages\":%d,\"upload_p50_ms\":%.1f,"
                + "\"save_p50_ms\":%.1f}%n",
            rules + 1,
            files,
            median(upload) / 1e6,
            median(save) / 1e6);
        out.flush();
      } finally {
        server.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      }
    } finally {
      try (var walk = Files.walk(folder)) {
        for (Path p : walk.sorted(Collections.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Puts version {@code v} of the probe rule in place. */
  private interface Change {
    void apply(int v) throws Exception;
  }

  /** Nanoseconds from the change to the decision of the changed rule. */
  private long measure(HttpClient http, String base, int version, Change change) throws Exception {
    awaited = "probe-" + version;
    probeDecided.clear();
    publish(http, base, version); // already in the session when the new rule arrives
    long start = System.nanoTime();
    change.apply(version);
    Long decided = probeDecided.poll(60, TimeUnit.SECONDS);
    if (decided == null) {
      throw new IllegalStateException("rule probe-" + version + " did not decide within 60 s");
    }
    return decided - start;
  }

  private void decided(List<DecidedAction> round) {
    long now = System.nanoTime();
    for (DecidedAction d : round) {
      if (d.target().equals(awaited)) {
        probeDecided.add(now);
      }
    }
  }

  private static void publish(HttpClient http, String base, int version) throws Exception {
    send(
        http,
        HttpRequest.newBuilder(URI.create(base + "/api/v1/signals"))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "[{\"path\": \"" + PROBE + "\", \"value\": " + version + "}]"))
            .build(),
        202);
  }

  private static void upload(HttpClient http, String base, String text) throws Exception {
    send(
        http,
        HttpRequest.newBuilder(URI.create(base + "/api/v1/rules/probe.drl"))
            .PUT(HttpRequest.BodyPublishers.ofString(text))
            .build(),
        200);
  }

  /** As an editor saves: a new file renamed over the old one. */
  private static void save(Path folder, String text) throws IOException {
    Path temp = folder.resolve(".probe.drl.swp");
    Files.writeString(temp, text);
    Files.move(temp, folder.resolve("probe.drl"), StandardCopyOption.ATOMIC_MOVE);
  }

  private static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
    HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != expected) {
      throw new IllegalStateException(
          request.uri() + " answered " + answer.statusCode() + ": " + answer.body());
    }
  }

  private static String probe(int version) {
    return "package bench.rules0;\nrule \"probe\" when Signal(path == \""
        + PROBE
        + "\", number == "
        + version
        + ") then actions.launch(\"probe-"
        + version
        + "\"); end\n";
  }

  private int perFile() {
    return (rules + files - 1) / files;
  }

  /** N threshold rules over N/10 signals, in the given number of files and packages. */
  private void writeRules(Path folder) throws IOException {
    int each = perFile();
    for (int file = 0; file * each < rules; file++) {
      StringBuilder drl = new StringBuilder("package bench.rules" + file + ";\n");
      for (int i = file * each; i < Math.min(rules, file * each + each); i++) {
        drl.append("rule \"threshold ")
            .append(i)
            .append("\" when Signal(path == \"Vehicle.Bench.S")
            .append(i % Math.max(1, rules / 10))
            .append("\", number > ")
            .append(i * 10 + 0.5)
            .append(") then actions.launch(\"t")
            .append(i)
            .append("\"); end\n");
      }
      Files.writeString(folder.resolve(String.format(Locale.ROOT, "rules-%03d.drl", file)), drl);
    }
  }

  private void row(String change, List<Long> nanos) {
    out.printf(
        Locale.ROOT,
        "%-8s %10.1f %10.1f %10.1f%n",
        change,
        median(nanos) / 1e6,
        Collections.max(nanos) / 1e6,
        Collections.min(nanos) / 1e6);
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
