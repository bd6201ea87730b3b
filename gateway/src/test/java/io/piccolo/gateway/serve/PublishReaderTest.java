package io.piccolo.gateway.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.piccolo.engine.SampleBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tree-less reader takes exactly the valid plain {@code signal.publish} messages, reads them as
 * the general reader does, and hands everything else back to it.
 */
class PublishReaderTest {
  private final SampleReader checks =
      new SampleReader(
          40,
          8,
          new UnknownSignals(new SimpleMeterRegistry(), new PrintWriter(new StringWriter())));
  private final PublishReader reader = new PublishReader(checks);

  @Test
  void validMessagesAreReadAsTheGeneralReaderReadsThem() throws Exception {
    Random random = new Random(7);
    for (int m = 0; m < 500; m++) {
      StringBuilder samples = new StringBuilder();
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        samples.append(i == 0 ? "" : ",").append(sample(random));
      }
      String text =
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + m
              + ",\"method\":\"signal.publish\",\"params\":"
              + "{\"samples\":["
              + samples
              + "]}}";
      PublishReader.Publish quick = reader.read(text);
      assertNotNull(quick, text);
      JsonNode tree = SignalIntake.JSON.readTree(text);
      assertReadAlike(quick.samples(), checks.list(tree.get("params").get("samples")));
      assertEquals(tree.get("id"), quick.id());
      byte[] utf8 = ("  " + text).getBytes(StandardCharsets.UTF_8);
      PublishReader.Publish fromBytes = reader.read(utf8, 2, utf8.length - 2);
      assertReadAlike(fromBytes.samples(), quick.samples());
      assertEquals(quick.id(), fromBytes.id());
    }
  }

  @Test
  void oneSampleNotificationsAndEveryKindOfIdAreRead() throws Exception {
    String one =
        "{\"method\":\"signal.publish\",\"jsonrpc\":\"2.0\","
            + "\"params\":{\"value\":true,\"path\":\"Vehicle.Speed\",\"time\":1700000000000}}";
    PublishReader.Publish read = reader.read(one);
    assertNull(read.id(), "no id: a notification");
    assertReadAlike(read.samples(), checks.one(SignalIntake.JSON.readTree(one).get("params")));

    for (String id :
        List.of("\"a-1\"", "null", "12", "12345678901", "123456789012345678901", "1.5")) {
      String text =
          "{\"jsonrpc\":\"2.0\",\"method\":\"signal.publish\",\"id\":"
              + id
              + ",\"params\":{\"path\":\"A.B\",\"value\":1}}";
      assertEquals(SignalIntake.JSON.readTree(text).get("id"), reader.read(text).id(), id);
    }
  }

  @Test
  void aPathSentAgainIsTheSameString() {
    String text =
        "{\"jsonrpc\":\"2.0\",\"method\":\"signal.publish\",\"params\":{\"path\":\"A.B\",\"value\":1}}";
    assertSame(reader.read(text).samples().paths()[0], reader.read(text).samples().paths()[0]);
  }

  @Test
  void everythingElseIsLeftToTheGeneralReader() {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"signal.publish\",\"params\":";
    List<String> others =
        List.of(
            "",
            "not json",
            "[" + head + "{\"path\":\"A\",\"value\":1}}]",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rules.status\"}",
            "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"signal.publish\",\"params\":{\"path\":\"A\",\"value\":1}}",
            "{\"jsonrpc\":{\"x\":1},\"id\":1,\"method\":\"signal.publish\",\"params\":{\"path\":\"A\",\"value\":1}}",
            "{\"id\":1,\"method\":\"signal.publish\",\"params\":{\"path\":\"A\",\"value\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"signal.publish\",\"params\":{\"path\":\"A\",\"value\":1}}",
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"signal.publish\"}",
            head + "[{\"path\":\"A\",\"value\":1}]}",
            head + "{\"path\":\"A\",\"value\":1},\"extra\":1}",
            head + "{\"path\":\"A\",\"value\":1}} trailing",
            head + "{\"path\":\"A\",\"value\":1}}{}",
            head + "{\"samples\":[]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1}],\"path\":\"B\"}}",
            head + "{\"path\":\"A\",\"samples\":[]}}",
            head + "{\"samples\":[1]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1,\"unit\":\"km/h\"}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"path\":\"B\",\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":\"A\"}]}}",
            head + "{\"samples\":[{\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":null}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":[1]}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":{\"v\":1}}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1e999}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":\"longer than eight\"}]}}",
            head + "{\"samples\":[{\"path\":\"   \",\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":7,\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":\"A\\u0007B\",\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":\"" + "A".repeat(41) + "\",\"value\":1}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1,\"time\":-1}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1,\"time\":1.5}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1,\"time\":\"1\"}]}}",
            head + "{\"samples\":[{\"path\":\"A\",\"value\":1,\"time\":99999999999999999999}]}}");
    for (String text : others) {
      assertNull(reader.read(text), text);
      byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
      assertNull(reader.read(utf8, 0, utf8.length), text);
    }
  }

  private static String sample(Random random) {
    String path = "\"Vehicle.S" + random.nextInt(5) + (random.nextInt(4) == 0 ? "Ü" : "") + "\"";
    String value =
        switch (random.nextInt(6)) {
          case 0 -> Integer.toString(random.nextInt(2000) - 1000);
          case 1 -> Double.toString(random.nextGaussian() * 1e3);
          case 2 -> random.nextBoolean() ? "true" : "false";
          case 3 -> "\"PLAY\"";
          case 4 -> "-0.0";
          default -> "12345678901234567890";
        };
    String time =
        random.nextBoolean() ? "" : ",\"time\":" + (1_700_000_000_000L + random.nextInt(1000));
    return random.nextBoolean()
        ? "{\"path\":" + path + ",\"value\":" + value + time + "}"
        : "{\"value\":" + value + time + ",\"path\":" + path + "}";
  }

  private static void assertReadAlike(SampleReader.Samples quick, SampleReader.Samples tree) {
    assertArrayEquals(tree.paths(), quick.paths());
    assertArrayEquals(tree.values(), quick.values());
    assertArrayEquals(tree.times(), quick.times());
    for (long time : quick.times()) {
      assertTrue(time == SampleBatch.NOW || time >= 0);
    }
  }
}
