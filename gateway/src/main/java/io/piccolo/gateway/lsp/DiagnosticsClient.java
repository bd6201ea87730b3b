package io.piccolo.gateway.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** A client side that only listens for diagnostics: what a program driving the server needs. */
public final class DiagnosticsClient implements LanguageClient {
  private final Consumer<PublishDiagnosticsParams> diagnostics;

  public DiagnosticsClient(Consumer<PublishDiagnosticsParams> diagnostics) {
    this.diagnostics = diagnostics;
  }

  @Override
  public void publishDiagnostics(PublishDiagnosticsParams params) {
    diagnostics.accept(params);
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public void showMessage(MessageParams params) {}

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void logMessage(MessageParams params) {}
}
