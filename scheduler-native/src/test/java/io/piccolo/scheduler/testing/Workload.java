package io.piccolo.scheduler.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The test workload ({@code timpani-workload}, built with libtimpani by this module's build) as a
 * child process, named so a Schedule task finds it, stopped when closed.
 */
public final class Workload implements AutoCloseable {
  private final Process process;
  private final String name;

  private Workload(Process process, String name) {
    this.process = process;
    this.name = name;
  }

  /** The folder holding the workload, libtimpani and its headers. */
  public static Path nativeFolder() {
    String env = System.getenv("PICCOLO_TIMPANI_NATIVE");
    Path folder = env != null ? Path.of(env) : Path.of("target/native");
    if (env == null && !Files.isDirectory(folder)) {
      folder = Path.of("scheduler-native/target/native"); // run from the repository's root
    }
    if (!Files.isExecutable(folder.resolve("timpani-workload"))) {
      throw new IllegalStateException(
          folder.resolve("timpani-workload")
              + " is missing: build scheduler-native first (./mvnw -B install -DskipTests -pl"
              + " scheduler-native -am)");
    }
    return folder;
  }

  /**
   * The test workload linked statically, to run in a container whose root filesystem has no C
   * library (the busybox test image): bind {@link #nativeFolder()} into it.
   */
  public static final String STATIC = "timpani-workload-static";

  /** A periodic task on libtimpani computing {@code computeUs} per job. */
  public static Workload periodic(String name, long computeUs) throws IOException {
    return start(name, List.of("--compute-us", Long.toString(computeUs)));
  }

  /**
   * A periodic task that reaches libtimpani only {@code afterMs} after it says it is ready, as a
   * container still starting up does.
   */
  public static Workload periodicOpeningLate(String name, long computeUs, long afterMs)
      throws IOException {
    return start(
        name,
        List.of(
            "--compute-us", Long.toString(computeUs), "--open-after-ms", Long.toString(afterMs)));
  }

  /** The same loop without libtimpani: scheduled, but no miss detection. */
  public static Workload plain(String name) throws IOException {
    return start(name, List.of("--plain", "--compute-us", "50"));
  }

  /** A task that ends by itself after some jobs. */
  public static Workload jobs(String name, long computeUs, int jobs) throws IOException {
    return start(
        name, List.of("--compute-us", Long.toString(computeUs), "--jobs", Integer.toString(jobs)));
  }

  private static Workload start(String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(nativeFolder().resolve("timpani-workload").toString());
    command.add("--name");
    command.add(name);
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready = out.readLine();
    if (ready == null || !ready.startsWith("ready ")) {
      p.destroyForcibly();
      throw new IOException("the test workload did not start: " + ready);
    }
    return new Workload(p, name);
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /** A line of /proc/PID/status, e.g. {@code Cpus_allowed_list}, without its key. */
  public String status(String key) throws IOException {
    for (String line : proc("status").split("\n")) {
      if (line.startsWith(key + ":")) {
        return line.substring(key.length() + 1).trim();
      }
    }
    throw new IOException("/proc/" + pid() + "/status has no " + key);
  }

  /**
   * The fields of /proc/PID/stat after the name: index 0 is field 3 (state); {@code policy} is
   * field 41, {@code rt_priority} field 40.
   */
  public String[] stat() throws IOException {
    String stat = proc("stat");
    return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** The kernel's policy number (0 OTHER, 1 FIFO, 2 RR, 6 DEADLINE) from /proc/PID/stat. */
  public int policyFromStat() throws IOException {
    return Integer.parseInt(stat()[41 - 3]);
  }

  public int rtPriorityFromStat() throws IOException {
    return Integer.parseInt(stat()[40 - 3]);
  }

  /** A file of /proc/PID (read whole: the kernel reports no size for them). */
  public String proc(String file) throws IOException {
    try (var in = new java.io.FileInputStream("/proc/" + pid() + "/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }
}
