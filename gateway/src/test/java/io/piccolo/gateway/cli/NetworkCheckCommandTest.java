package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code piccolo network check -f FILE}: Networks and their Models checked without serve. */
class NetworkCheckCommandTest {
  private static final String CABIN =
      """
      kind: Network
      metadata: {name: cabin}
      spec:
        mode: bridge
        subnet: 10.88.0.0/24
        link: 100mbit
        classes:
          - {name: camera, priority: 0, rate: 60mbit}
      ---
      """;

  @TempDir Path dir;

  private Cli check(String yaml) throws Exception {
    Path file = dir.resolve("net.yaml");
    Files.writeString(file, yaml);
    return Cli.run("network", "check", "-f", file.toString());
  }

  private static String model(String name, String network, String trafficClass, String spec) {
    return "kind: Model\nmetadata:\n  name: "
        + name
        + "\n  annotations:\n    io.pullpiri.annotations.package-network: "
        + network
        + "\n"
        + (trafficClass == null ? "" : "    io.piccolo.network/class: " + trafficClass + "\n")
        + "spec:\n"
        + spec
        + "  containers: [{name: app, image: a:1}]\n";
  }

  @Test
  void aSoundFileIsOkAndAModelOnAnUnstoredNetworkIsAWarning() throws Exception {
    Cli cli =
        check(
            CABIN
                + model("rear", "cabin", "camera", "")
                + "---\n"
                + model("hello", "default", null, ""));
    assertEquals(0, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "net.yaml:23: warning: Model hello names network 'default', which this file does"
                    + " not hold"),
        cli::toString);
    assertTrue(cli.out().contains("ok: 1 Network(s), 2 Model(s)"), cli::toString);
  }

  @Test
  void anUndeclaredClassAnOverlappingSubnetAndTheHostsNetworkAreNamedByLine() throws Exception {
    Cli cli =
        check(
            CABIN
                + "kind: Network\nmetadata: {name: media}\nspec: {mode: bridge, subnet:"
                + " 10.88.0.128/25, link: 10mbit}\n---\n"
                + model("rear", "cabin", "video", "  hostNetwork: true\n"));
    assertEquals(1, cli.exitCode(), cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "net.yaml:12: Network media, spec.subnet: 10.88.0.128/25 overlaps 10.88.0.0/24 of"
                    + " Network cabin"),
        cli::toString);
    assertTrue(
        cli.out()
            .contains(
                "net.yaml:19: Model rear asks for class 'video' (io.piccolo.network/class), which"
                    + " Network cabin does not declare (classes: camera)"),
        cli::toString);
    assertTrue(
        cli.out().contains("net.yaml:21: Model rear, spec.hostNetwork: runs in the host's network"),
        cli::toString);
  }

  @Test
  void aNetworkWhoseOwnFieldsAreWrongIsRefusedAsApplyWouldAndAMissingFileIsBadInput()
      throws Exception {
    Cli wrong =
        check("kind: Network\nmetadata: {name: n}\nspec: {mode: bridge, subnet: 10.1.0.0/24}\n");
    assertEquals(1, wrong.exitCode(), wrong::toString);
    assertTrue(wrong.out().contains("net.yaml:3"), wrong::toString);
    assertTrue(wrong.out().contains("link"), wrong::toString);

    Cli missing = Cli.run("network", "check", "-f", dir.resolve("none.yaml").toString());
    assertEquals(2, missing.exitCode(), missing::toString);
    assertTrue(missing.err().contains("none.yaml: no such file"), missing::toString);

    Cli noNetwork = check(model("rear", "cabin", null, ""));
    assertEquals(2, noNetwork.exitCode(), noNetwork::toString);
    assertTrue(noNetwork.err().contains("holds no Network artifact"), noNetwork::toString);
  }
}
