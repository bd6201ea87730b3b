package io.piccolo.gateway.lsp;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * Time from a {@code didChange} to the {@code publishDiagnostics} of the edited file, through
 * JSON-RPC over a loopback socket, as an editor would see it (the debounce included).
 */
public final class LspBench {
  private static final int WARM_UP = 3;
  private static final long PATIENCE_SECONDS = 120;

  private final RuleLanguageServer server;
  private final Path file;
  private final Path workspace;
  private final int edits;
  private final PrintWriter out;
  private final BlockingQueue<Long> published = new LinkedBlockingQueue<>();

  /**
   * @param workspace the folder given as the workspace root at {@code initialize}
   */
  public LspBench(
      RuleLanguageServer server, Path file, Path workspace, int edits, PrintWriter out) {
    this.server = server;
    this.file = file.toAbsolutePath().normalize();
    this.workspace = workspace.toAbsolutePath().normalize();
    this.edits = edits;
    this.out = out;
  }

  /**
   * @return false when a check did not publish within two minutes
   */
  public boolean run() throws Exception {
    // a loopback socket, not pipes: piped streams break when a writing thread ends
    try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket clientEnd = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
        Socket serverEnd = listening.accept()) {
      var serverSide =
          LSPLauncher.createServerLauncher(
              server, serverEnd.getInputStream(), serverEnd.getOutputStream());
      server.connect(serverSide.getRemoteProxy());
      Future<Void> serving = serverSide.startListening();
      var clientSide =
          LSPLauncher.createClientLauncher(
              new DiagnosticsClient(
                  params -> {
                    if (params.getUri().equals(file.toUri().toString())) {
                      published.add(System.nanoTime());
                    }
                  }),
              clientEnd.getInputStream(),
              clientEnd.getOutputStream());
      Future<Void> reading = clientSide.startListening();
      try {
        return measure(clientSide.getRemoteProxy());
      } finally {
        // stopped before the sockets close, so their readers end quietly
        reading.cancel(true);
        serving.cancel(true);
      }
    }
  }

  private boolean measure(LanguageServer remote) throws Exception {
    InitializeParams init = new InitializeParams();
    init.setRootUri(workspace.toUri().toString());
    remote.initialize(init).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    String uri = file.toUri().toString();
    String text = Files.readString(file);
    remote
        .getTextDocumentService()
        .didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "drl", 1, text)));
    if (published.poll(PATIENCE_SECONDS, TimeUnit.SECONDS) == null) {
      return false;
    }
    long[] millis = new long[edits];
    int lines = text.split("\n", -1).length - 1;
    String comment = file.toString().endsWith(".drl") ? "// edit " : "# edit ";
    for (int i = 0; i < WARM_UP + edits; i++) {
      // a comment line added at the end: the file changes, the rules stay the same
      Position end = new Position(lines + i, 0);
      long start = System.nanoTime();
      remote
          .getTextDocumentService()
          .didChange(
              new DidChangeTextDocumentParams(
                  new VersionedTextDocumentIdentifier(uri, i + 2),
                  List.of(
                      new TextDocumentContentChangeEvent(
                          new Range(end, end), comment + i + "\n"))));
      Long at = published.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
      if (at == null) {
        out.println("no diagnostics published within " + PATIENCE_SECONDS + " s of edit " + i);
        return false;
      }
      if (i >= WARM_UP) {
        millis[i - WARM_UP] = TimeUnit.NANOSECONDS.toMillis(at - start);
      }
    }
    remote.shutdown().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
    Arrays.sort(millis);
    out.printf(
        "didChange -> publishDiagnostics of %s (workspace %s): %d edits after %d warm-up, p50 %d"
            + " ms, p99 %d ms, max %d ms (the %d ms debounce included)%n",
        file,
        workspace,
        edits,
        WARM_UP,
        millis[percentile(50)],
        millis[percentile(99)],
        millis[edits - 1],
        RuleLanguageServer.DEBOUNCE_MILLIS);
    return true;
  }

  private int percentile(int p) {
    return Math.min(edits - 1, (int) Math.ceil(p / 100.0 * edits) - 1);
  }
}
