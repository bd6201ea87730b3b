package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.Waits;
import io.piccolo.gateway.lsp.DiagnosticsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code piccolo lsp} as an editor sees it: a separate process spoken to over stdin/stdout. */
class LspCommandTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String MISTAKE =
      "kind: Scenario\nmetadata: {name: a}\nspec:\n"
          + "  when: {signal: Vehicle.Speed, op: above, value: 1}\n"
          + "  action: launch\n  target: video-player\n";
  private static final String VSS =
      "{\"Vehicle\": {\"type\": \"branch\", \"children\": {"
          + "\"Speed\": {\"type\": \"sensor\", \"datatype\": \"float\", \"unit\": \"km/h\","
          + " \"description\": \"Vehicle speed.\"},"
          + "\"Gear\": {\"type\": \"actuator\", \"datatype\": \"string\","
          + " \"allowed\": [\"P\", \"R\", \"N\", \"D\"], \"description\": \"Selected gear.\"}}}}";
  private static final String PACKAGES =
      "kind: Package\nmetadata:\n  name: video-player\nspec: {models: [{name: v, node: HPC}]}\n"
          + "---\nkind: Package\nmetadata:\n  name: highway-assist\n"
          + "spec: {models: [{name: h, node: HPC}]}\n";

  @TempDir Path dir;
  private Path rules;
  private Path vss;
  private Process process;
  private LanguageServer server;
  private final Map<String, List<Diagnostic>> diagnostics = new ConcurrentHashMap<>();

  @BeforeEach
  void start() throws Exception {
    rules = Files.createDirectories(dir.resolve("rules"));
    vss = Files.writeString(dir.resolve("vss.json"), VSS);
    Files.copy(
        Cli.REPO.resolve("rules/driving/sustained-high-speed.yaml"),
        rules.resolve("sustained-high-speed.yaml"));
    Files.writeString(
        rules.resolve("gear.drl"),
        "package lsp;\nimport io.piccolo.engine.fact.Signal;\n"
            + "rule \"fast\" when\n  Signal(path == \"Vehicle.Speed\", number > 200)\n"
            + "then\nend\n");
    Files.writeString(rules.resolve("a.yaml"), MISTAKE.replace("above", "gt"));
    Files.writeString(rules.resolve("packages.yaml"), PACKAGES);
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PiccoloCli.class.getName(),
                "lsp",
                "--vss",
                vss.toString())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    Launcher<LanguageServer> launcher =
        LSPLauncher.createClientLauncher(
            new DiagnosticsClient(
                p -> diagnostics.put(p.getUri(), List.copyOf(p.getDiagnostics()))),
            process.getInputStream(),
            process.getOutputStream());
    launcher.startListening();
    server = launcher.getRemoteProxy();
    InitializeParams init = new InitializeParams();
    init.setRootUri(rules.toUri().toString());
    init.setCapabilities(new ClientCapabilities());
    server.initialize(init).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    server.initialized(new InitializedParams());
  }

  @AfterEach
  void stop() {
    process.destroyForcibly();
  }

  @Test
  void reportsFixesCompletesExplainsAndFindsTargetsThenExitsCleanly() throws Exception {
    String a = rules.resolve("a.yaml").toUri().toString();
    open(a, MISTAKE);
    Waits.until("a diagnostic for a.yaml", PATIENCE, () -> !published(a).isEmpty());
    Diagnostic d = published(a).get(0);
    assertEquals(1, published(a).size(), published(a)::toString);
    assertEquals(new Range(new Position(3, 36), new Position(3, 41)), d.getRange());
    assertEquals(DiagnosticSeverity.Error, d.getSeverity());
    String message =
        "document 1 (Scenario a): spec.when.op: unknown operator 'above' (use eq, ne, lt, le, gt,"
            + " ge)";
    assertEquals(message, d.getMessage());
    Path unsaved = Files.writeString(dir.resolve("a.yaml"), MISTAKE);
    assertEquals(
        unsaved + ":4:37: " + message + "\n", Cli.run("rules", "check", unsaved.toString()).out());

    change(a, new Range(new Position(3, 36), new Position(3, 41)), "gt");
    Waits.until("a.yaml's diagnostics cleared", PATIENCE, () -> published(a).isEmpty());

    String fresh = rules.resolve("fresh.yaml").toUri().toString();
    String typing =
        "kind: Scenario\nmetadata: {name: b}\nspec:\n  when: {signal: Vehicle.Sp\n# Vehicle.Gear\n";
    open(fresh, typing);
    List<CompletionItem> items =
        server
            .getTextDocumentService()
            .completion(
                new CompletionParams(new TextDocumentIdentifier(fresh), new Position(3, 27)))
            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .getRight()
            .getItems();
    assertEquals(List.of("Vehicle.Speed"), items.stream().map(CompletionItem::getLabel).toList());
    assertEquals("float (km/h)", items.get(0).getDetail());

    assertEquals(
        "**Vehicle.Gear**: actuator, string\n\nallowed: P, R, N, D\n\nSelected gear.",
        contents(hover(fresh, new Position(4, 5))));
    assertEquals(
        "**Vehicle.Speed**: sensor, float, unit km/h\n\nVehicle speed.",
        hover(a, new Position(3, 20)).getContents().getRight().getValue());
    String high = rules.resolve("sustained-high-speed.yaml").toUri().toString();
    open(high, Files.readString(rules.resolve("sustained-high-speed.yaml")));
    String explained = explainOf("sustained-high-speed");
    Waits.until(
        "the explanation of sustained-high-speed on its when",
        PATIENCE,
        () -> contents(hover(high, new Position(6, 3))).equals("```\n" + explained + "```"));
    assertEquals("```\n" + explained + "```", contents(hover(high, new Position(4, 10))));

    List<? extends Location> targets =
        server
            .getTextDocumentService()
            .definition(
                new DefinitionParams(new TextDocumentIdentifier(high), new Position(12, 14)))
            .get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
            .getLeft();
    assertEquals(
        List.of(
            new Location(
                rules.resolve("packages.yaml").toUri().toString(),
                new Range(new Position(7, 8), new Position(7, 22)))),
        targets);

    server.shutdown().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    server.exit();
    assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "lsp did not exit");
    assertEquals(0, process.exitValue(), stderr());
  }

  @Test
  void completesFactTypesAndTheirFieldsFromTheEngineAndTheWorkspace() throws Exception {
    Files.createDirectories(rules.resolve("other"));
    Files.writeString(
        rules.resolve("other/jam.drl"),
        "package other;\n/* declare Hidden end */\ndeclare Jam\n    since : long\n"
            + "    road : java.lang.String @key\nend\n");
    String drl = rules.resolve("typing.drl").toUri().toString();
    String typing =
        "package lsp;\nrule \"r\" when\n  Sig\n  Jam( \n  ActionRequest(action == \"x\", pa)\n"
            + "  Signal(path == \"Vehicle.Speed\", num\nthen\n  Sig\nend\n";
    open(drl, typing);
    assertEquals(List.of("Signal", "SignalEvent"), labels(complete(drl, 2, 5)));
    List<CompletionItem> all = complete(drl, 2, 2);
    for (String fact :
        List.of(
            "ActionRequest",
            "ActionResult",
            "ModelState",
            "PackageSpec",
            "PackageState",
            "ScenarioState",
            "Jam")) {
      assertTrue(labels(all).contains(fact), fact + " in " + labels(all));
    }
    assertTrue(
        !labels(all).contains("Hidden") && !labels(all).contains("Params"), labels(all)::toString);
    assertEquals(
        "io.piccolo.engine.fact.Signal",
        all.stream()
            .filter(i -> i.getLabel().equals("Signal"))
            .findFirst()
            .orElseThrow()
            .getDetail());

    List<CompletionItem> jam = complete(drl, 3, 6);
    assertEquals(List.of("since", "road"), labels(jam));
    assertEquals(List.of("long", "String"), jam.stream().map(CompletionItem::getDetail).toList());
    List<CompletionItem> params = complete(drl, 4, 33);
    assertEquals(List.of("params"), labels(params));
    assertEquals("Map<String, Object>", params.get(0).getDetail());
    List<CompletionItem> number = complete(drl, 5, 37);
    assertEquals(List.of("number"), labels(number));
    assertEquals("double", number.get(0).getDetail());
    assertEquals(List.of(), labels(complete(drl, 7, 5)), "nothing after then");
  }

  @Test
  void completesTheKeysTheReadersKnowWhereTheyGo() throws Exception {
    String yaml = rules.resolve("typing.yaml").toUri().toString();
    open(
        yaml,
        "kind: Scenario\nmetadata: {name: t}\nspec:\n  when:\n    all:\n    - signal: Vehicle.Speed\n"
            + "      between: [1, 2]\n      \n    - {signal: Vehicle.Speed, \n"
            + "  action: launch\n  t\n  throttle:\n    \n");
    assertEquals(List.of("for"), labels(complete(yaml, 7, 6)));
    assertEquals(
        List.of(
            "op",
            "value",
            "for",
            "signal2",
            "between",
            "in",
            "matches",
            "contains",
            "stale",
            "known",
            "rate",
            "per",
            "rearm"),
        labels(complete(yaml, 8, 29)));
    assertEquals(List.of("target", "trigger"), labels(complete(yaml, 10, 3)));
    assertEquals(List.of("once_within"), labels(complete(yaml, 12, 4)));
    CompletionItem target = complete(yaml, 10, 3).get(0);
    assertEquals("target: ", target.getTextEdit().getLeft().getNewText());
    assertEquals(
        new Range(new Position(10, 2), new Position(10, 3)),
        target.getTextEdit().getLeft().getRange());

    String spec = rules.resolve("typing.spec.yaml").toUri().toString();
    open(spec, "name: a case\nru\ngiven:\n  - PackageState: {\n  - \nexpect:\n  - {time: 1, dec\n");
    assertEquals(List.of("rules"), labels(complete(spec, 1, 2)));
    assertEquals(List.of("name", "state"), labels(complete(spec, 3, 19)));
    assertTrue(labels(complete(spec, 4, 4)).containsAll(List.of("ActionResult", "failing", "at")));
    assertEquals(List.of("decided_by", "decision"), labels(complete(spec, 6, 17)));
  }

  @Test
  void checksTheWholeWorkspaceAndRechecksTheFilesAChangeBreaks() throws Exception {
    Path elsewhere = Files.createDirectories(rules.resolve("elsewhere"));
    String player =
        "kind: Scenario\nmetadata: {name: p}\nspec:\n"
            + "  when: {signal: Vehicle.Speed, op: gt, value: 1}\n  action: launch\n"
            + "  target: video-player\n";
    Files.writeString(elsewhere.resolve("player.yaml"), player);
    String p = elsewhere.resolve("player.yaml").toUri().toString();
    open(p, player);
    Waits.until("player.yaml checked", PATIENCE, () -> diagnostics.containsKey(p));
    assertEquals(List.of(), published(p), "its Package is in another folder of the workspace");

    String packages = rules.resolve("packages.yaml").toUri().toString();
    open(packages, PACKAGES);
    change(packages, new Range(new Position(2, 8), new Position(2, 20)), "video");
    String warning = "scenario p targets 'video-player', which names no Package in the workspace";
    Waits.until(
        "player.yaml warned of its renamed Package",
        PATIENCE,
        () -> published(p).stream().anyMatch(d -> d.getMessage().equals(warning)));
    assertEquals(DiagnosticSeverity.Warning, published(p).get(0).getSeverity());
    change(packages, new Range(new Position(2, 8), new Position(2, 13)), "video-player");
    Waits.until("the warning gone with the name back", PATIENCE, () -> published(p).isEmpty());
  }

  @Test
  void closingAFileLeavesOnlyTheProblemsItHasOnDisk() throws Exception {
    String a = rules.resolve("a.yaml").toUri().toString();
    open(a, MISTAKE);
    Waits.until("a diagnostic for a.yaml", PATIENCE, () -> !published(a).isEmpty());
    close(a);
    Waits.until("a.yaml cleared once closed", PATIENCE, () -> published(a).isEmpty());

    String gear = rules.resolve("gear.drl").toUri().toString();
    open(gear, Files.readString(rules.resolve("gear.drl")));
    Files.writeString(rules.resolve("a.yaml"), MISTAKE);
    open(a, MISTAKE.replace("above", "gt"));
    Waits.until(
        "a.yaml clean as typed",
        PATIENCE,
        () -> diagnostics.containsKey(a) && published(a).isEmpty());
    close(a);
    Waits.until(
        "a.yaml showing its saved mistake while gear.drl stays open",
        PATIENCE,
        () -> published(a).stream().anyMatch(d -> d.getMessage().contains("unknown operator")));
  }

  private List<CompletionItem> complete(String uri, int line, int column) throws Exception {
    return server
        .getTextDocumentService()
        .completion(
            new CompletionParams(new TextDocumentIdentifier(uri), new Position(line, column)))
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS)
        .getRight()
        .getItems();
  }

  private static List<String> labels(List<CompletionItem> items) {
    return items.stream().map(CompletionItem::getLabel).toList();
  }

  private void close(String uri) {
    server
        .getTextDocumentService()
        .didClose(new DidCloseTextDocumentParams(new TextDocumentIdentifier(uri)));
  }

  /** The scenario's paragraph of {@code rules check --explain} on the same folder. */
  private String explainOf(String scenario) {
    Cli cli = Cli.run("rules", "check", "--explain", "--vss", vss.toString(), rules.toString());
    assertEquals(0, cli.exitCode(), cli::toString);
    for (String paragraph : cli.out().split("\n\n")) {
      if (paragraph.startsWith("scenario " + scenario + "  (")) {
        return paragraph.strip() + "\n";
      }
    }
    throw new AssertionError("no explanation of " + scenario + " in:\n" + cli.out());
  }

  private void open(String uri, String text) {
    server
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "yaml", 1, text)));
  }

  private void change(String uri, Range range, String text) {
    server
        .getTextDocumentService()
        .didChange(
            new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, 2),
                List.of(new TextDocumentContentChangeEvent(range, text))));
  }

  private Hover hover(String uri, Position at) throws Exception {
    return server
        .getTextDocumentService()
        .hover(new HoverParams(new TextDocumentIdentifier(uri), at))
        .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }

  private static String contents(Hover hover) {
    return hover == null ? "" : hover.getContents().getRight().getValue();
  }

  private List<Diagnostic> published(String uri) {
    return diagnostics.getOrDefault(uri, List.of());
  }

  private String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8);
  }
}
