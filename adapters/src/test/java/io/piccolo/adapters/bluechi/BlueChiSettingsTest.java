package io.piccolo.adapters.bluechi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlueChiSettingsTest {
  @Test
  void theDefaultsAreTheSystemBusAndSystemdsQuadletFolder() {
    BlueChiSettings settings = BlueChiSettings.defaults();

    assertEquals("unix:path=/run/dbus/system_bus_socket", settings.busAddress());
    assertEquals(Path.of("/etc/containers/systemd"), settings.quadletFolder("any-node"));
    assertEquals(Duration.ofSeconds(5), settings.callTimeout());
    assertEquals(Duration.ofSeconds(90), settings.jobTimeout());
  }

  @Test
  void aSocketPathIsTakenAsAUnixAddress() {
    assertEquals(
        "unix:path=/run/bluechi.sock",
        BlueChiSettings.defaults().withBusAddress("/run/bluechi.sock").busAddress());
    assertEquals(
        "unix:abstract=bluechi",
        BlueChiSettings.defaults().withBusAddress("unix:abstract=bluechi").busAddress());
  }

  @Test
  void anAddressThatIsNoUnixSocketIsRefusedSayingWhatToWrite() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> BlueChiSettings.defaults().withBusAddress("tcp:host=ecu,port=1234"));

    assertEquals(
        "'tcp:host=ecu,port=1234' is not a D-Bus address this executor can use: write"
            + " unix:path=SOCKET (or unix:abstract=NAME), or the socket's absolute path",
        refused.getMessage());
  }

  @Test
  void aNodeWithAFolderOfItsOwnUsesIt() {
    BlueChiSettings settings =
        BlueChiSettings.defaults().withNodeQuadletFolders(Map.of("zone", Path.of("/mnt/zone")));

    assertEquals(Path.of("/mnt/zone"), settings.quadletFolder("zone"));
    assertEquals(Path.of("/etc/containers/systemd"), settings.quadletFolder("hpc"));
  }
}
