package io.piccolo.gateway.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.SharedData;
import io.piccolo.connectors.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 40-hour drive (the WLTC cycle 80 times) through four busy scenarios: about 35,000 scenario
 * state transitions, more than one writer draining one at a time gets through in 30 s.
 */
class LongDriveWithEtcdTest {
  private static final Pattern RECORDED =
      Pattern.compile("recorded (\\d+) scenario state transitions in etcd");
  private static final Pattern UNWRITTEN =
      Pattern.compile(
          "piccolo: (\\d+) of (\\d+) scenario state transitions could not be written to etcd at"
              + " (\\S+): it accepted none for 1s \\(store.outage-limit\\); the decisions are"
              + " complete\n");

  @TempDir Path dir;
  Path rules;
  Path trace;
  byte[] withoutEtcd;

  @BeforeEach
  void driveAndRules() throws Exception {
    List<String> cycle =
        Files.readAllLines(SharedData.require("drive-cycles/wltc-class3b.csv"), UTF_8);
    StringBuilder csv = new StringBuilder("time,path,value\n");
    for (int repeat = 0; repeat < 80; repeat++) {
      for (String line : cycle.subList(repeat == 0 ? 1 : 2, cycle.size())) {
        int comma = line.indexOf(',');
        long time = Long.parseLong(line.substring(0, comma)) + repeat * 1800L;
        csv.append(time).append(line, comma, line.length()).append('\n');
      }
    }
    trace = Files.writeString(dir.resolve("forty-hours.csv"), csv);
    rules = Files.createDirectories(dir.resolve("rules"));
    scenario("above-20", "{signal: Vehicle.Speed, op: gt, value: 20}", "");
    scenario("below-20", "{signal: Vehicle.Speed, op: lt, value: 20}", "");
    scenario(
        "moving-log",
        "{signal: Vehicle.Speed, op: gt, value: 0}",
        "trigger: level\n  cooldown: 30s\n  ");
    scenario(
        "cruise-check",
        "{signal: Vehicle.Speed, op: gt, value: 50}",
        "trigger: level\n  cooldown: 20s\n  ");
    Path out = dir.resolve("without-etcd.jsonl");
    Cli plain = Cli.run(simulate(out));
    assertEquals(0, plain.exitCode(), plain::toString);
    withoutEtcd = Files.readAllBytes(out);
    assertEquals(11_601, Files.readAllLines(out).size(), "decisions of the drive");
  }

  private void scenario(String name, String when, String extra) throws Exception {
    Files.writeString(
        rules.resolve(name + ".yaml"),
        "kind: Scenario\nmetadata:\n  name: "
            + name
            + "\nspec:\n  when: "
            + when
            + "\n  "
            + extra
            + "action: launch\n  target: "
            + name
            + "\n");
  }

  private String[] simulate(Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "simulate",
                "--rules",
                rules.toString(),
                "--trace",
                trace.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  @Timeout(300)
  void aLongDriveRecordsEveryTransitionInEtcdAndTheSameDecisionsAsWithout() throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Path out = dir.resolve("with-etcd.jsonl");
      // the backlog takes longer than the limit to drain; the limit counts from the last write
      Cli run = Cli.run(simulate(out, "--etcd", etcd.endpoint(), "--store-outage-limit", "5s"));
      assertEquals(0, run.exitCode(), run::toString);
      assertArrayEquals(withoutEtcd, Files.readAllBytes(out), "byte-identical decisions");
      Matcher recorded = RECORDED.matcher(run.err());
      assertTrue(recorded.find(), run.err());
      long transitions = Long.parseLong(recorded.group(1));
      assertEquals(4 + 3 * 11_601, transitions);
      long puts = 0;
      for (KeyValue kv : scenarioStates(etcd)) {
        assertEquals("SCENARIO_STATE_COMPLETED", kv.getValue().toString(UTF_8));
        puts += kv.getVersion();
      }
      assertEquals(transitions, puts, "every transition put exactly once");
    }
  }

  @Test
  @Timeout(300)
  void anOutageLongerThanTheLimitEndsWithTheCountAfterTheDecisionsAreComplete() throws Exception {
    try (EtcdServer etcd = EtcdServer.start()) {
      Path out = dir.resolve("with-etcd.jsonl");
      CompletableFuture<Cli> run =
          CompletableFuture.supplyAsync(
              () ->
                  Cli.run(simulate(out, "--etcd", etcd.endpoint(), "--store-outage-limit", "1s")));
      // all four written: the run has read its starting states and is under way
      Waits.until(
          "the first scenario states in etcd",
          Duration.ofSeconds(60),
          () -> scenarioStates(etcd).size() == 4);
      etcd.stop();
      Cli ended = run.get(120, TimeUnit.SECONDS);
      assertEquals(1, ended.exitCode(), ended::toString);
      Matcher unwritten = UNWRITTEN.matcher(ended.err());
      assertTrue(unwritten.find(), ended.err());
      assertTrue(Long.parseLong(unwritten.group(1)) > 0);
      assertEquals(4 + 3 * 11_601, Long.parseLong(unwritten.group(2)));
      assertTrue(ended.err().endsWith(unwritten.group()), "the last word: " + ended.err());
      assertArrayEquals(withoutEtcd, Files.readAllBytes(out), "every decision, etcd or not");
    }
  }

  private static List<KeyValue> scenarioStates(EtcdServer etcd) throws Exception {
    try (Client client = Client.builder().endpoints(etcd.endpoint()).build()) {
      return client
          .getKVClient()
          .get(ByteSequence.from("/scenario/", UTF_8), GetOption.builder().isPrefix(true).build())
          .get(30, TimeUnit.SECONDS)
          .getKvs();
    }
  }
}
