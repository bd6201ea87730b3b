package io.piccolo.connectors.vss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VssCatalogueTest {

  @Test
  void loadsTheVss60Catalogue() throws Exception {
    VssCatalogue vss = VssCatalogue.load(SharedData.require("vss/vss_release_6.0.json"));
    assertEquals(1263, vss.size());
    assertTrue(vss.contains("Vehicle.Speed"));
    assertTrue(vss.contains("Vehicle.Powertrain.Transmission.CurrentGear"));
    assertFalse(vss.contains("Vehicle.Cabin"), "branches are not signals");
    assertEquals("km/h", vss.leaf("Vehicle.Speed").unit());
  }

  @Test
  void aFileThatIsNotACatalogueIsNamed(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"not\": \"vss\"}");
    IOException e = assertThrows(IOException.class, () -> VssCatalogue.load(bad));
    assertTrue(e.getMessage().startsWith(bad + ": no VSS signals found"), e.getMessage());
  }
}
