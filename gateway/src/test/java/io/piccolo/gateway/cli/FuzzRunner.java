package io.piccolo.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs hostile inputs through the command line in one JVM, one after another, and prints one line
 * per input for {@link HostileInputFuzzTest}: {@code start INDEX SEED KIND} before it, then {@code
 * ok INDEX} or {@code fail INDEX WHAT} (newlines escaped). It runs in its own process because a
 * rule stuck in a loop ends the process (the round watchdog), and a hang must not stop the build.
 *
 * <p>Arguments: repository, work folder, master seed, first index, last index (exclusive, or -1),
 * deadline (epoch ms), Pullpiri examples folder (may not exist).
 */
public final class FuzzRunner {
  private final HostileInputs inputs;
  private final Path work;
  private final Path baseStore;
  private final Path rulesCopy;
  private final Path trace;

  private FuzzRunner(HostileInputs inputs, Path work, Path pullpiri) throws IOException {
    this.inputs = inputs;
    this.work = work;
    Files.createDirectories(work);
    this.trace = work.resolve("trace.csv");
    Files.writeString(
        trace,
        "time,path,value\n0,Vehicle.Speed,0\n0,Vehicle.Powertrain.Transmission.CurrentGear,-1\n"
            + "1,Vehicle.Speed,42\n1,Vehicle.Cabin.Infotainment.Media.Action,PLAY\n"
            + "2,Vehicle.Powertrain.Transmission.CurrentGear,1\n12,Vehicle.Speed,130\n");
    this.baseStore = work.resolve("base-store.json");
    Files.deleteIfExists(baseStore);
    Path example = pullpiri.resolve("helloworld.yaml");
    if (Files.exists(example)) { // a store with something in it; else an absent store file
      Cli seeded = Cli.run("apply", "--store", baseStore.toString(), "-f", example.toString());
      if (seeded.exitCode() != 0) {
        throw new IllegalStateException("could not seed the store: " + seeded);
      }
    }
    this.rulesCopy = work.resolve("rules");
    copyRules(inputs.repo().resolve("rules"), rulesCopy);
  }

  /** Mixes the master seed and an index into the seed of one input. */
  static long seedOf(long master, long index) {
    long z = master + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public static void main(String[] args) throws Exception {
    PrintStream report = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path repo = Path.of(args[0]);
    long master = Long.parseLong(args[2]);
    long first = Long.parseLong(args[3]);
    long last = Long.parseLong(args[4]);
    long deadline = Long.parseLong(args[5]);
    Path pullpiri = Path.of(args[6]);
    FuzzRunner runner =
        new FuzzRunner(new HostileInputs(repo, pullpiri), Path.of(args[1]), pullpiri);
    for (long i = first; (last < 0 || i < last) && System.currentTimeMillis() < deadline; i++) {
      long seed = seedOf(master, i);
      HostileInputs.Input input = runner.inputs.make(seed);
      report.println("start " + i + " " + seed + " " + input.kind());
      List<Integer> codes = new ArrayList<>();
      String failure = runner.run(i, input, codes);
      report.println(
          failure == null
              ? "ok " + i + " " + codes
              : "fail " + i + " " + failure.replace("\n", "\\n"));
    }
    report.println("done");
  }

  /**
   * @return what went wrong, or null
   */
  private String run(long index, HostileInputs.Input input, List<Integer> codes)
      throws IOException {
    Path dir = work.resolve("case-" + index);
    deleteTree(dir);
    Path file =
        input.kind() == HostileInputs.Kind.SPEC
            ? rulesCopy.resolve(input.source()).resolve("fuzz-" + index + ".spec.yaml")
            : dir.resolve(input.fileName());
    Files.createDirectories(dir);
    Files.write(dir.resolve(input.fileName()), input.bytes());
    Files.write(file, input.bytes());
    List<String> failures = new ArrayList<>();
    this.codes = codes;
    switch (input.kind()) {
      case DRL -> {
        Cli check = check(failures, "rules", "check", file.toString());
        if (check.exitCode() == 0) {
          check(failures, simulate(file.toString(), trace.toString()));
        }
      }
      case ARTIFACT -> {
        Path store = dir.resolve("store.json");
        if (Files.exists(baseStore)) {
          Files.copy(baseStore, store);
        }
        Cli apply = check(failures, "apply", "--store", store.toString(), "-f", file.toString());
        if (apply.exitCode() != 0 && !Arrays.equals(bytes(baseStore), bytes(store))) {
          failures.add("apply failed with exit " + apply.exitCode() + " but changed the store");
        }
        check(failures, "rules", "check", file.toString());
      }
      case TRACE ->
          check(failures, simulate(inputs.repo().resolve("rules").toString(), file.toString()));
      case SPEC -> {
        check(failures, "rules", "test", "--round-timeout", "5s", file.toString());
        Files.deleteIfExists(file);
      }
    }
    if (failures.isEmpty()) {
      deleteTree(dir);
      return null;
    }
    return String.join("\n", failures) + "\n(input kept at " + dir.resolve(input.fileName()) + ")";
  }

  private static String[] simulate(String rules, String traceFile) {
    return new String[] {
      "simulate", "--rules", rules, "--trace", traceFile, "--round-timeout", "5s"
    };
  }

  private List<Integer> codes;

  private Cli check(List<String> failures, String... args) {
    Cli cli = Cli.run(args);
    codes.add(cli.exitCode());
    String output = cli.out() + cli.err();
    String what = null;
    if (cli.exitCode() < 0 || cli.exitCode() > 2) {
      what = "exit code " + cli.exitCode();
    } else if (output.contains("\tat ")) {
      what = "a stack trace";
    } else if (output.contains("unexpected error") || output.contains("internal error")) {
      what = "an unexpected or internal error";
    }
    if (what != null) {
      failures.add(
          "piccolo "
              + String.join(" ", args)
              + " gave "
              + what
              + ":\n"
              + output.substring(0, Math.min(output.length(), 2000)));
    }
    return cli;
  }

  private static byte[] bytes(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
  }

  private static void copyRules(Path from, Path to) throws IOException {
    deleteTree(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        String relative = from.relativize(f).toString();
        if (relative.startsWith("target") || relative.startsWith("src")) {
          continue;
        }
        Path target = to.resolve(relative);
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
