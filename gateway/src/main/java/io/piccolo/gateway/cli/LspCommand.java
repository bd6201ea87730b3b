package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.engine.rulebase.RuleBase;
import io.piccolo.gateway.lsp.RuleChecker;
import io.piccolo.gateway.lsp.RuleLanguageServer;
import io.piccolo.gateway.settings.Settings;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "lsp",
    mixinStandardHelpOptions = true,
    description = {
      "A Language Server (LSP over stdin/stdout) for .drl, scenario .yaml and .spec.yaml files:",
      "the problems rules check reports for the workspace, as you type; completion of VSS"
          + " paths, operators, scenario and spec keys, DRL fact types and fields; hover and go"
          + " to definition."
    })
final class LspCommand implements Callable<Integer> {
  @Mixin RuleLoading loading;

  @Override
  public Integer call() throws Exception {
    RuleLanguageServer server = server(loading);
    // stdout carries the protocol: anything else printed goes to stderr
    PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
    System.setOut(System.err);
    Launcher<LanguageClient> launcher =
        LSPLauncher.createServerLauncher(server, System.in, protocol);
    server.connect(launcher.getRemoteProxy());
    launcher.startListening();
    server.exited().join();
    return 0;
  }

  /**
   * The server checking rules as {@code rules check} does with these options, and warning of
   * targets that name no Package anywhere in the workspace folder.
   */
  static RuleLanguageServer server(RuleLoading loading) {
    long maxBytes = loading.settings().get(Settings.TEXT_FILE_SIZE);
    // the last rule base of each folder, so a check recompiles only what changed
    Map<Path, RuleBase> earlier = new ConcurrentHashMap<>();
    return new RuleLanguageServer(
        (folder, open) -> {
          RuleSet set = RuleSet.loadWorkspace(List.of(folder), maxBytes, loading.strict, open);
          RuleBase before = earlier.get(folder);
          RuleLoading.Checked checked =
              before == null ? loading.check(set) : loading.check(set, before);
          if (checked.ruleBase() != null) {
            earlier.put(folder, checked.ruleBase());
          }
          List<Problem> problems = new ArrayList<>(checked.problems());
          set.unknownTargets().forEach(u -> problems.add(u.warning("in the workspace")));
          return new RuleChecker.Result(problems, checked.ruleBase());
        },
        loading.catalogue());
  }
}
