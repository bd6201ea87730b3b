package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code piccolo serve} refusing to start, with the exit codes docs/operations.md gives. */
@Timeout(120)
class ServeCommandTest {
  @TempDir Path dir;

  private Cli serve(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "serve";
    all[1] = "--rules";
    all[2] = Cli.REPO.resolve("rules/media").toString();
    all[3] = "--store";
    all[4] = dir.resolve("store.json").toString();
    System.arraycopy(args, 0, all, 5, args.length);
    return Cli.run(all);
  }

  /** A settings file with an admin key, so serve may bind beyond loopback. */
  private String keyed() throws Exception {
    Path config = dir.resolve("config.yaml");
    java.nio.file.Files.writeString(config, "");
    Cli added =
        Cli.run("keys", "add", "admin-key", "--role", "admin", "--config", config.toString());
    assertEquals(0, added.exitCode(), added::toString);
    return config.toString();
  }

  @Test
  void anAddressThatIsNotThisMachinesIsBadInputExitTwo() throws Exception {
    String config = keyed();
    // TEST-NET-1: never a local address
    Cli run = serve("--host", "192.0.2.1", "--port", "0", "--config", config);
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(
        "piccolo: cannot serve on 192.0.2.1:0: '192.0.2.1' is not an address of this machine;"
            + " choose one with --host or serve.host (127.0.0.1 for loopback)\n",
        run.err());
    Cli unknown = serve("--host", "no-such-host.invalid", "--port", "0", "--config", config);
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertTrue(unknown.err().contains("'no-such-host.invalid' is not an address"), unknown.err());
  }

  @Test
  void everyRuntimeTheSettingsNameIsCarriedOutAndAnUnknownOneIsBadInput() {
    assertEquals(
        io.piccolo.gateway.settings.NodeRuntime.NAMES,
        io.piccolo.gateway.serve.Runtimes.available(),
        "serve carries work out on every runtime a setting may name, never a silent dry run");
    Cli unknown = serve("--runtime", "kubernetes", "--port", "0");
    assertEquals(2, unknown.exitCode(), unknown::toString);
    assertEquals(
        "piccolo: --runtime: 'kubernetes' is not one of dry-run, podman, docker, bluechi\n",
        unknown.err());
    Cli badBus = serve("--runtime", "bluechi", "--runtime-socket", "tcp:host=x", "--port", "0");
    assertEquals(2, badBus.exitCode(), badBus::toString);
    assertTrue(
        badBus.err().startsWith("piccolo: runtime.socket: 'tcp:host=x' is not a D-Bus address"),
        badBus.err());
    Cli socketAlone = serve("--runtime-socket", "/run/podman.sock", "--port", "0");
    assertEquals(2, socketAlone.exitCode(), socketAlone::toString);
    assertEquals(
        "piccolo: --runtime-socket: name the runtime it belongs to with --runtime\n",
        socketAlone.err());
  }

  @Test
  void aNodesRuntimeInTheSettingsIsCheckedWithItsLine() throws Exception {
    Path config = dir.resolve("runtimes.yaml");
    java.nio.file.Files.writeString(config, "runtime.nodes:\n  HPC: {runtime: podmn}\n");
    Cli typo = serve("--port", "0", "--config", config.toString());
    assertEquals(2, typo.exitCode(), typo::toString);
    assertEquals(
        "piccolo: "
            + config
            + ":2:18: runtime.nodes.HPC.runtime: 'podmn' is not a runtime; use one of dry-run,"
            + " podman, docker, bluechi\n",
        typo.err());
  }

  @Test
  void aPortInUseIsExitOneNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli run = serve("--port", Integer.toString(taken.getLocalPort()));
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(
          "piccolo: cannot serve on 127.0.0.1:"
              + taken.getLocalPort()
              + ": the port is in use by another process; choose another with --port or"
              + " serve.port (0 picks a free one)\n",
          run.err());
    }
  }

  @Test
  void rulesWithErrorsStopServeWithTheirProblemsAndExitOne() throws Exception {
    Path broken =
        java.nio.file.Files.writeString(
            dir.resolve("broken.drl"), "package p;\nrule \"x\" when Nope() then end\n");
    Cli run =
        Cli.run(
            "serve",
            "--rules",
            broken.toString(),
            "--port",
            "0",
            "--store",
            dir.resolve("store.json").toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith(broken + ":2:"), run.err());
    assertTrue(run.err().endsWith("piccolo: rules have errors; nothing was run\n"), run.err());
  }
}
