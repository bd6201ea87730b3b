package io.piccolo.gateway.lsp;

import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The language server for rule files: diagnostics as {@code rules check} reports them, on the
 * unsaved text, VSS path completion, hover (catalogue entries, what a scenario compiled into) and
 * going from a scenario's target to its Package. Checks run on one thread, a debounce after the
 * last edit.
 */
public final class RuleLanguageServer
    implements LanguageServer, LanguageClientAware, TextDocumentService, WorkspaceService {
  static final long DEBOUNCE_MILLIS = 100;

  private final RuleChecker checker;
  private final VssCatalogue catalogue;
  private final Map<String, String> texts = new ConcurrentHashMap<>();
  private final Map<Path, ScheduledFuture<?>> pending = new HashMap<>();
  private final Map<Path, Set<String>> published = new HashMap<>();
  private final Map<Path, RuleBase> built = new ConcurrentHashMap<>();
  private volatile Path workspace;
  private final ScheduledExecutorService checks =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "piccolo-lsp-check");
            t.setDaemon(true);
            return t;
          });
  private final CompletableFuture<Void> exited = new CompletableFuture<>();
  private LanguageClient client;

  public RuleLanguageServer(RuleChecker checker, VssCatalogue catalogue) {
    this.checker = checker;
    this.catalogue = catalogue;
  }

  /** Completes when the client sent {@code exit}. */
  public CompletableFuture<Void> exited() {
    return exited;
  }

  @Override
  public void connect(LanguageClient client) {
    this.client = client;
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    workspace = folderOf(params);
    ServerCapabilities caps = new ServerCapabilities();
    caps.setHoverProvider(true);
    caps.setDefinitionProvider(true);
    caps.setTextDocumentSync(TextDocumentSyncKind.Incremental);
    caps.setCompletionProvider(new CompletionOptions(false, List.of("\"", ".", " ")));
    return CompletableFuture.completedFuture(new InitializeResult(caps));
  }

  private static Path folderOf(InitializeParams params) {
    List<WorkspaceFolder> folders = params.getWorkspaceFolders();
    String uri =
        folders != null && !folders.isEmpty() ? folders.get(0).getUri() : params.getRootUri();
    return uri == null ? null : Path.of(URI.create(uri));
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    checks.shutdownNow();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    exited.complete(null);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return this;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return this;
  }

  @Override
  public void didOpen(DidOpenTextDocumentParams params) {
    texts.put(params.getTextDocument().getUri(), params.getTextDocument().getText());
    schedule(params.getTextDocument().getUri());
  }

  @Override
  public void didChange(DidChangeTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    for (TextDocumentContentChangeEvent change : params.getContentChanges()) {
      text = TextEdits.apply(text, change);
    }
    texts.put(uri, text);
    schedule(uri);
  }

  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    texts.remove(params.getTextDocument().getUri());
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {}

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {}

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}

  private synchronized void schedule(String uri) {
    Path file = Path.of(URI.create(uri)).toAbsolutePath().normalize();
    Path folder = file.getParent();
    ScheduledFuture<?> earlier = pending.remove(folder);
    if (earlier != null) {
      earlier.cancel(false);
    }
    pending.put(
        folder,
        checks.schedule(() -> check(folder, file, uri), DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS));
  }

  /** Checks the file's folder as on disk with the open text of the file, and publishes. */
  private void check(Path folder, Path file, String uri) {
    String text = texts.get(uri);
    if (text == null) {
      return;
    }
    List<Problem> problems;
    if (file.getFileName().toString().endsWith(".spec.yaml")) {
      problems = SpecProblems.of(file, text);
    } else {
      RuleChecker.Result result = checker.check(folder, file, text);
      problems = result.problems();
      if (result.ruleBase() != null) {
        built.put(folder, result.ruleBase());
      }
    }
    Map<String, List<Diagnostic>> byUri = new HashMap<>();
    byUri.put(uri, new ArrayList<>());
    for (Problem p : problems) {
      Path where = Path.of(p.file()).toAbsolutePath().normalize();
      String target = where.equals(file) ? uri : where.toUri().toString();
      String source = where.equals(file) ? text : null;
      byUri.computeIfAbsent(target, k -> new ArrayList<>()).add(diagnostic(p, source));
    }
    Set<String> before = published.getOrDefault(folder, Set.of());
    for (String stale : before) {
      byUri.putIfAbsent(stale, List.of());
    }
    published.put(folder, new HashSet<>(byUri.keySet()));
    byUri.forEach((u, ds) -> client.publishDiagnostics(new PublishDiagnosticsParams(u, ds)));
  }

  private static Diagnostic diagnostic(Problem p, String text) {
    Range range = TextEdits.tokenAt(text, Math.max(0, p.line() - 1), Math.max(0, p.column() - 1));
    String message = p.message().startsWith("warning: ") ? p.message().substring(9) : p.message();
    return new Diagnostic(
        range,
        message,
        p.isError() ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
        "piccolo");
  }

  @Override
  public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(
      CompletionParams params) {
    String text = texts.getOrDefault(params.getTextDocument().getUri(), "");
    Position at = params.getPosition();
    return CompletableFuture.completedFuture(
        Either.forRight(new Completions(catalogue).at(text, at.getLine(), at.getCharacter())));
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    Position at = params.getPosition();
    RuleBase ruleBase =
        built.get(Path.of(URI.create(uri)).toAbsolutePath().normalize().getParent());
    return CompletableFuture.completedFuture(
        new Hovers(catalogue).at(text, at.getLine(), at.getCharacter(), ruleBase).orElse(null));
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>>
      definition(DefinitionParams params) {
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    Position at = params.getPosition();
    Path folder =
        workspace != null ? workspace : Path.of(URI.create(uri)).toAbsolutePath().getParent();
    return CompletableFuture.supplyAsync(
        () ->
            Either.forLeft(
                Definitions.at(text, at.getLine(), at.getCharacter(), folder, Map.copyOf(texts))));
  }
}
