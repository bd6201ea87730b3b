package io.piccolo.gateway.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a real file: JSON lines, rotation by size, failures counted, not thrown. */
class AuditLogTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final StringWriter log = new StringWriter();
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

  private AuditLog audit(Path file, long maxBytes, int keep) {
    return new AuditLog(file, maxBytes, keep, clock, meters, new PrintWriter(log, true));
  }

  @Test
  void eachRecordIsOneJsonLineWithTimeWhoActionWhatAndResult() throws Exception {
    Path file = dir.resolve("a").resolve("audit.jsonl");
    try (AuditLog audit = audit(file, 1 << 20, 2)) {
      audit.record(new Caller("ci", Role.OPERATOR), "artifact.apply", "Scenario/x version 2", "ok");
    }
    assertEquals(
        List.of(
            "{\"time\":\"2026-03-01T10:00:00Z\",\"who\":\"ci\",\"action\":\"artifact.apply\","
                + "\"what\":\"Scenario/x version 2\",\"result\":\"ok\"}"),
        Files.readAllLines(file));
    assertEquals(1.0, meters.counter(AuditLog.RECORDS).count());
  }

  @Test
  void aFullFileIsRotatedAndOnlyTheConfiguredNumberOfOldFilesIsKept() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    int records = 200;
    try (AuditLog audit = audit(file, 1024, 2)) {
      for (int i = 0; i < records; i++) {
        audit.record("local", "key.add", "key k" + i, "ok");
      }
    }
    List<String> names = Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList();
    assertEquals(List.of("audit.jsonl", "audit.jsonl.1", "audit.jsonl.2"), names);
    List<Integer> kept = new ArrayList<>();
    for (String name : List.of("audit.jsonl.2", "audit.jsonl.1", "audit.jsonl")) {
      Path f = dir.resolve(name);
      assertTrue(Files.size(f) <= 1024, name + " is " + Files.size(f) + " bytes");
      for (String line : Files.readAllLines(f)) {
        kept.add(Integer.parseInt(new JsonObject(line).getString("what").substring(5)));
      }
    }
    assertEquals(records - 1, kept.get(kept.size() - 1), "the newest record is in audit.jsonl");
    for (int i = 1; i < kept.size(); i++) {
      assertEquals(kept.get(i - 1) + 1, kept.get(i), "oldest first, none lost between files");
    }
    assertTrue(kept.get(0) > 0, "the oldest records went with the oldest file");
  }

  @Test
  void aWriteThatFailsIsLoggedAndCountedAndTheCallerGoesOn() throws Exception {
    Path notAFolder = Files.writeString(dir.resolve("file"), "x");
    try (AuditLog audit = audit(notAFolder.resolve("audit.jsonl"), 1 << 20, 2)) {
      audit.record("local", "key.add", "key a", "ok");
      audit.record("local", "key.add", "key b", "ok");
    }
    assertEquals(2.0, meters.counter(AuditLog.FAILURES).count());
    assertTrue(log.toString().contains("cannot write the audit log"), log.toString());
    assertEquals(1, log.toString().lines().count(), "logged once, counted each time: " + log);
  }
}
