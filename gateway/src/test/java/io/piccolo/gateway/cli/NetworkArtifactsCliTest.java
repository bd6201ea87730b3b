package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Network artifacts with PHAROS's fields through {@code piccolo apply}. */
class NetworkArtifactsCliTest {
  @TempDir Path dir;

  private Cli apply(String yaml) throws Exception {
    Path file = dir.resolve("network.yaml");
    Files.writeString(file, yaml);
    return Cli.run("apply", "-f", file.toString(), "--store", dir.resolve("store.json").toString());
  }

  @Test
  void pullpirisNetworkExampleAndOneWithClassesAreStored() throws Exception {
    Cli apply =
        apply(
            "apiVersion: v1\nkind: Network\nmetadata:\n  name: vehicle-network\nspec:\n"
                + "  networkName: vehicle-network\n  networkMode: bridge\n---\n"
                + "kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n"
                + "  subnet: 10.88.0.0/24\n  link: 100mbit\n  isolated: true\n"
                + "  allowFrom: [vehicle-network]\n  classes:\n"
                + "    - {name: camera, priority: 0, rate: 60mbit, ceil: 100mbit}\n");
    assertEquals(0, apply.exitCode(), apply::toString);
    assertEquals("", apply.err());
    Cli get =
        Cli.run(
            "get",
            "Network",
            "cabin",
            "-o",
            "yaml",
            "--store",
            dir.resolve("store.json").toString());
    assertTrue(get.out().contains("rate: 60mbit"), get::toString);
  }

  @Test
  void aNetworkWhoseClassesExceedItsLinkIsRefusedNamingTheField() throws Exception {
    Cli apply =
        apply(
            "kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n"
                + "  subnet: 10.88.0.0/24\n  link: 100mbit\n  classes:\n"
                + "    - {name: camera, rate: 80mbit}\n    - {name: media, rate: 40mbit}\n");
    assertEquals(1, apply.exitCode(), apply::toString);
    assertTrue(
        apply
            .err()
            .contains(
                "network.yaml:8:5: document 1 (Network cabin): spec.classes: the guaranteed"
                    + " rates add up to 120mbit, more than the link's 100mbit"),
        apply::toString);
    assertTrue(apply.err().contains("nothing was applied"), apply::toString);
  }
}
