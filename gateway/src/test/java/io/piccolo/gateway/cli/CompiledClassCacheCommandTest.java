package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DRL rule set built before takes its compiled classes from the cache folder (setting
 * rules.cache); a change, a damaged file or another allow-list never gives other rules than a fresh
 * build would.
 */
class CompiledClassCacheCommandTest {
  @TempDir Path dir;

  private Path cacheFolder() {
    return dir.resolve("cache");
  }

  private Path config(String cache) throws Exception {
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, "rules.cache: " + cache + "\n");
    return config;
  }

  private Path drl(String name, String target) throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Path drl = rules.resolve(name + ".drl");
    Files.writeString(
        drl,
        "package "
            + name
            + ";\nrule \""
            + name
            + "-fast\"\nwhen\n    Signal(path == \"Vehicle.Speed\", number > 100)\nthen\n"
            + "    actions.launch(\""
            + target
            + "\");\nend\n");
    return drl;
  }

  private Cli check(Path config, String... more) {
    List<String> args = new ArrayList<>(List.of("rules", "check", "--explain", "--config"));
    args.add(config.toString());
    args.addAll(List.of(more));
    args.add(dir.resolve("rules").toString());
    return Cli.run(args.toArray(String[]::new));
  }

  private List<Path> cached() throws Exception {
    if (!Files.isDirectory(cacheFolder())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cacheFolder())) {
      return files.sorted().toList();
    }
  }

  @Test
  void aRuleSetCheckedBeforeTakesItsClassesFromTheCache() throws Exception {
    Path config = config(cacheFolder().toString());
    drl("camera", "rear-camera");
    drl("radio", "radio");
    Cli first = check(config);
    assertEquals(0, first.exitCode(), first::toString);
    assertTrue(first.out().contains("DRL packages: 2, of which 0 took"), first::toString);
    assertEquals(2, cached().size(), "one file per package");

    Cli second = check(config);
    assertEquals(0, second.exitCode(), second::toString);
    assertTrue(second.out().contains("DRL packages: 2, of which 2 took"), second::toString);
  }

  @Test
  void aChangedFileIsCompiledAgainAndRunsAsChanged() throws Exception {
    Path config = config(cacheFolder().toString());
    drl("camera", "rear-camera");
    drl("radio", "radio");
    assertEquals(0, check(config).exitCode());
    drl("radio", "wipers");
    Cli again = check(config);
    assertTrue(again.out().contains("DRL packages: 2, of which 1 took"), again::toString);

    Path trace = dir.resolve("trace.csv");
    Files.writeString(trace, "time,path,value\n0,Vehicle.Speed,120\n");
    Cli run =
        Cli.run(
            "simulate",
            "--config",
            config.toString(),
            "--rules",
            dir.resolve("rules").toString(),
            "--trace",
            trace.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("\"target\":\"wipers\""), run::toString);
    assertTrue(run.out().contains("\"target\":\"rear-camera\""), run::toString);
    assertFalse(run.out().contains("\"target\":\"radio\""), run::toString);
  }

  @Test
  void aDamagedCacheFileIsCompiledAgainAndReplaced() throws Exception {
    Path config = config(cacheFolder().toString());
    drl("camera", "rear-camera");
    assertEquals(0, check(config).exitCode());
    Path file = cached().get(0);
    Files.writeString(file, "not classes");
    Cli again = check(config);
    assertEquals(0, again.exitCode(), again::toString);
    assertTrue(again.out().contains("of which 0 took"), again::toString);
    assertEquals("", again.err(), "a damaged cache is no problem of the rules");
    assertTrue(check(config).out().contains("of which 1 took"), "written again whole");
  }

  @Test
  void classesCheckedUnderAnAllowListAreRefusedWithoutIt() throws Exception {
    Path config = config(cacheFolder().toString());
    Path drl = dir.resolve("rules").resolve("ids.drl");
    Files.createDirectories(drl.getParent());
    Files.writeString(
        drl,
        "package ids;\nrule \"id\"\nwhen\n    Signal(path == \"Vehicle.Speed\")\nthen\n"
            + "    actions.launch(java.util.UUID.randomUUID().toString());\nend\n");
    assertEquals(0, check(config, "--sandbox-allow", "java.util.UUID").exitCode());
    assertTrue(
        check(config, "--sandbox-allow", "java.util.UUID").out().contains("of which 1 took"));
    Cli refused = check(config);
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(
        refused.out().contains(drl + ":6:") && refused.out().contains("java.util.UUID"),
        refused::toString);
  }

  @Test
  void anEmptySettingKeepsNothing() throws Exception {
    Path config = config("\"\"");
    drl("camera", "rear-camera");
    Cli first = check(config);
    assertEquals(0, first.exitCode(), first::toString);
    assertTrue(check(config).out().contains("of which 0 took"));
    assertEquals(List.of(), cached());
  }

  @Test
  void concurrentChecksShareOneCacheFolder() throws Exception {
    Path config = config(cacheFolder().toString());
    for (int i = 0; i < 4; i++) {
      drl("p" + i, "t" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Cli>> runs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> check(config)));
      }
      for (Future<Cli> run : runs) {
        Cli cli = run.get();
        assertEquals(0, cli.exitCode(), cli::toString);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(4, cached().size(), "one whole file per package, no temporary one left");
    assertTrue(check(config).out().contains("DRL packages: 4, of which 4 took"));
  }
}
