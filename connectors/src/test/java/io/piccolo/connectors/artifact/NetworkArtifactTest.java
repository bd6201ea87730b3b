package io.piccolo.connectors.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.piccolo.engine.rulebase.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkArtifactTest {
  private static List<String> problems(String yaml) {
    return ArtifactFile.read("n.yaml", yaml).problems().stream().map(Problem::toString).toList();
  }

  @Test
  void pullpirisNetworkFormLoadsWithoutWarnings() {
    // Pullpiri's examples/resources/network-volume-example.yaml
    ArtifactFile.Content c =
        ArtifactFile.read(
            "n.yaml",
            "apiVersion: v1\nkind: Network\nmetadata:\n  name: vehicle-network\nspec:\n"
                + "  networkName: vehicle-network\n  networkMode: bridge\n");
    assertEquals(List.of(), c.problems());
    assertEquals(1, c.artifacts().size());
  }

  @Test
  void aNetworkWithClassesLoads() {
    assertEquals(
        List.of(),
        problems(
            "kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n  subnet: 10.88.0.0/24\n"
                + "  link: 100mbit\n  isolated: true\n  allowFrom: [diagnostics]\n  classes:\n"
                + "    - {name: camera, priority: 0, rate: 60mbit, ceil: 100mbit}\n"
                + "    - {name: media, priority: 5, rate: 20mbit}\n"));
  }

  @Test
  void aBadSubnetIsNamedByFieldAndLine() {
    assertEquals(
        List.of(
            "n.yaml:5:11: document 1 (Network cabin): spec.subnet: '10.88.0.300/24' is not an IPv4"
                + " subnet; write it as 10.88.0.0/24"),
        problems(
            "kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n  subnet: 10.88.0.300/24\n"
                + "  link: 100mbit\n"));
  }

  @Test
  void bridgeModeNeedsASubnetAndALink() {
    assertEquals(
        List.of(
            "n.yaml:4:9: document 1 (Network cabin): spec.subnet: required in bridge mode, e.g."
                + " subnet: 10.88.0.0/24",
            "n.yaml:4:9: document 1 (Network cabin): spec.link: required in bridge mode, e.g. link:"
                + " 100mbit"),
        problems("kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n"));
  }

  @Test
  void classesMustFitTheLink() {
    assertEquals(
        List.of(
            "n.yaml:8:55: document 1 (Network cabin): spec.classes[0].ceil: 50mbit is below the"
                + " class's rate of 60mbit",
            "n.yaml:9:14: document 1 (Network cabin): spec.classes[1].name: 'camera' is declared"
                + " twice",
            "n.yaml:9:28: document 1 (Network cabin): spec.classes[1].rate: 200mbit exceeds the"
                + " link's 100mbit",
            "n.yaml:8:5: document 1 (Network cabin): spec.classes: the guaranteed rates add up to"
                + " 260mbit, more than the link's 100mbit"),
        problems(
            "kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: bridge\n  subnet: 10.88.0.0/24\n"
                + "  link: 100mbit\n  classes:\n"
                + "    - {name: camera, priority: 0, rate: 60mbit, ceil: 50mbit}\n"
                + "    - {name: camera, rate: 200mbit}\n"));
  }

  @Test
  void aRateInBytesOrAnUnknownModeIsRefused() {
    assertEquals(
        List.of(
            "n.yaml:4:9: document 1 (Network cabin): spec.mode: 'nat' is not one of bridge, host",
            "n.yaml:5:9: document 1 (Network cabin): spec.link: '10mbps' is not a rate; write it as"
                + " tc does, e.g. 100mbit, 512kbit or 1gbit"),
        problems("kind: Network\nmetadata: {name: cabin}\nspec:\n  mode: nat\n  link: 10mbps\n"));
  }

  @Test
  void ratesReadAndWriteAsTcDoes() {
    assertEquals(100_000_000L, Bandwidth.parse("100mbit"));
    assertEquals(1_500_000L, Bandwidth.parse("1.5Mbit"));
    assertEquals(20_000L, Bandwidth.parse("20000"));
    assertEquals("512kbit", Bandwidth.format(512_000));
    assertThrows(IllegalArgumentException.class, () -> Bandwidth.parse("1bit"));
  }
}
