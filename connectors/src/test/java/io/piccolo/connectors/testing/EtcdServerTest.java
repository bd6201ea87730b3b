package io.piccolo.connectors.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.kv.GetResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness starts a real etcd that keeps its data across an outage and a restart. */
class EtcdServerTest {
  private static final ByteSequence KEY = ByteSequence.from("piccolo/test/key", UTF_8);

  @Test
  @Timeout(60)
  void keepsDataAcrossAStopAndARestart() throws Exception {
    try (EtcdServer server = EtcdServer.start();
        Client client = Client.builder().endpoints(server.endpoint()).build()) {
      KV kv = client.getKVClient();
      kv.put(KEY, ByteSequence.from("survives", UTF_8)).get(10, TimeUnit.SECONDS);
      assertEquals("survives", valueOf(kv.get(KEY).get(10, TimeUnit.SECONDS)));

      server.stop();
      Exception outage = assertThrows(Exception.class, () -> kv.get(KEY).get(3, TimeUnit.SECONDS));
      assertTrue(
          outage instanceof TimeoutException || outage instanceof ExecutionException,
          () -> "expected a timeout or a failed get while etcd is down, got " + outage);

      server.restart();
      // The same client reconnects by itself; etcd reloads the key from its data folder.
      assertEquals("survives", valueOf(kv.get(KEY).get(20, TimeUnit.SECONDS)));
    }
  }

  private static String valueOf(GetResponse response) {
    assertEquals(1, response.getKvs().size(), "number of values for " + KEY);
    return response.getKvs().get(0).getValue().toString(UTF_8);
  }
}
