package io.piccolo.gateway.lsp;

import io.piccolo.connectors.vss.VssCatalogue;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
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
 * The language server for rule files: diagnostics as {@code rules check} reports them for the
 * workspace folder, on the unsaved texts, completion (VSS paths, operators, scenario and spec keys,
 * DRL fact types and fields), hover (catalogue entries, what a scenario compiled into) and going
 * from a scenario's target to its Package. Checks run on one thread, a debounce after the last
 * edit.
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
  private volatile Workspace workspace = new Workspace(List.of());
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
    workspace = new Workspace(foldersOf(params));
    ServerCapabilities caps = new ServerCapabilities();
    caps.setHoverProvider(true);
    caps.setDefinitionProvider(true);
    caps.setTextDocumentSync(TextDocumentSyncKind.Incremental);
    caps.setCompletionProvider(new CompletionOptions(false, List.of("\"", ".", " ")));
    return CompletableFuture.completedFuture(new InitializeResult(caps));
  }

  /** The workspace folders, or the root of older clients; none for a single file. */
  private static List<Path> foldersOf(InitializeParams params) {
    List<WorkspaceFolder> folders = params.getWorkspaceFolders();
    if (folders != null && !folders.isEmpty()) {
      return folders.stream().map(f -> Workspace.path(f.getUri())).toList();
    }
    return params.getRootUri() == null ? List.of() : List.of(Workspace.path(params.getRootUri()));
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

  /**
   * A closed file's unsaved text no longer counts: its folder is checked again with the file as
   * saved, so it keeps only the problems it has on disk (an empty list when it has none), as every
   * file of a checked folder does. When nothing of the folder stays open, its diagnostics are
   * cleared: nobody is editing there.
   */
  @Override
  public void didClose(DidCloseTextDocumentParams params) {
    String uri = params.getTextDocument().getUri();
    texts.remove(uri);
    Path file = Workspace.path(uri);
    if (isSpec(file)) {
      client.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
      return;
    }
    schedule(uri);
  }

  @Override
  public void didSave(DidSaveTextDocumentParams params) {}

  @Override
  public void didChangeConfiguration(DidChangeConfigurationParams params) {}

  @Override
  public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}

  private static boolean isSpec(Path file) {
    return file.getFileName().toString().endsWith(".spec.yaml");
  }

  /** A check of what the file belongs to: a spec alone, a rule file with its workspace folder. */
  private synchronized void schedule(String uri) {
    Path file = Workspace.path(uri);
    Path unit = isSpec(file) ? file : workspace.rootOf(file);
    cancelPending(unit);
    pending.put(
        unit,
        checks.schedule(
            () -> {
              if (isSpec(file)) {
                checkSpec(file, uri);
              } else {
                check(unit);
              }
            },
            DEBOUNCE_MILLIS,
            TimeUnit.MILLISECONDS));
  }

  private void cancelPending(Path unit) {
    ScheduledFuture<?> earlier = pending.remove(unit);
    if (earlier != null) {
      earlier.cancel(false);
    }
  }

  private void checkSpec(Path file, String uri) {
    String text = texts.get(uri);
    if (text != null) {
      publish(file, Map.of(file, uri), SpecProblems.of(file, text));
    }
  }

  /**
   * Checks the folder as on disk with every open file as typed, and publishes for each of its files
   * with problems, and an empty list for those that had some before: a change in one file shows in
   * the others it breaks or mends.
   */
  private void check(Path folder) {
    Map<Path, String> open = new HashMap<>();
    Map<Path, String> uris = new HashMap<>();
    texts.forEach(
        (uri, text) -> {
          Path file = Workspace.path(uri);
          if (!isSpec(file) && file.startsWith(folder)) {
            open.put(file, text);
            uris.put(file, uri);
          }
        });
    if (open.isEmpty()) {
      clear(folder);
      return;
    }
    RuleChecker.Result result = checker.check(folder, open);
    if (result.ruleBase() != null) {
      built.put(folder, result.ruleBase());
    }
    publish(folder, uris, result.problems());
  }

  /** Nothing of the folder is open any more: nobody is editing there, so it shows no problems. */
  private void clear(Path folder) {
    Set<String> shown = published.remove(folder);
    if (shown != null) {
      shown.forEach(u -> client.publishDiagnostics(new PublishDiagnosticsParams(u, List.of())));
    }
  }

  private void publish(Path unit, Map<Path, String> uris, List<Problem> problems) {
    Map<String, List<Diagnostic>> byUri = new HashMap<>();
    uris.values().forEach(u -> byUri.put(u, new ArrayList<>()));
    for (Problem p : problems) {
      Path where = Path.of(p.file()).toAbsolutePath().normalize();
      String uri = uris.getOrDefault(where, where.toUri().toString());
      byUri.computeIfAbsent(uri, k -> new ArrayList<>()).add(diagnostic(p, texts.get(uri)));
    }
    Set<String> before = published.getOrDefault(unit, Set.of());
    for (String stale : before) {
      byUri.putIfAbsent(stale, List.of());
    }
    published.put(unit, new HashSet<>(byUri.keySet()));
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
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    Position at = params.getPosition();
    Path file = Workspace.path(uri);
    Map<String, String> open = Map.copyOf(texts);
    return CompletableFuture.supplyAsync(
        () ->
            Either.forRight(
                new Completions(catalogue)
                    .at(
                        file,
                        text,
                        at.getLine(),
                        at.getCharacter(),
                        () ->
                            DeclaredTypes.in(
                                workspace.sources(file, open, List.of(".drl")).values()))));
  }

  @Override
  public CompletableFuture<Hover> hover(HoverParams params) {
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    Position at = params.getPosition();
    RuleBase ruleBase = built.get(workspace.rootOf(Workspace.path(uri)));
    return CompletableFuture.completedFuture(
        new Hovers(catalogue).at(text, at.getLine(), at.getCharacter(), ruleBase).orElse(null));
  }

  @Override
  public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>>
      definition(DefinitionParams params) {
    String uri = params.getTextDocument().getUri();
    String text = texts.getOrDefault(uri, "");
    Position at = params.getPosition();
    Path file = Workspace.path(uri);
    Map<String, String> open = Map.copyOf(texts);
    return CompletableFuture.supplyAsync(
        () ->
            Either.forLeft(
                Definitions.at(text, at.getLine(), at.getCharacter(), workspace, file, open)));
  }
}
