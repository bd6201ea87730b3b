package io.piccolo.gateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code piccolo serve} in its own JVM, as an operator runs it, so the load generator's CPU and
 * memory are not the server's: its port, its resident memory and CPU time read from {@code /proc}.
 */
final class ServeProcess implements AutoCloseable {
  private static final Pattern READY =
      Pattern.compile("ready in (\\d+) ms on https?://[^:]+:(\\d+)");

  /** Linux reports CPU time in clock ticks of 1/100 s on every platform Java runs on here. */
  private static final double TICKS_PER_SECOND = 100;

  private final Process process;
  private final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<int[]> ready = new CompletableFuture<>();

  ServeProcess(List<String> serveArguments, Path workDir) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    List<String> user = userOptions();
    if (user.stream().noneMatch(o -> o.matches("-XX:\\+Use\\w*GC"))) {
      command.add(COLLECTOR); // a collector of the user's own replaces it: the JVM refuses two
    }
    command.addAll(user);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    String home = System.getProperty("piccolo.home");
    if (home != null) {
      command.add("-Dpiccolo.home=" + home);
    }
    command.add("io.piccolo.gateway.cli.PiccoloCli");
    command.add("serve");
    command.addAll(serveArguments);
    process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD) // the dry-run decision lines
            .start();
    Thread reader = new Thread(this::readLog, "piccolo-bench-serve-log");
    reader.setDaemon(true);
    reader.start();
  }

  /** The collector {@code ./piccolo serve} starts its JVM with (docs/operations.md, "Running"). */
  private static final String COLLECTOR = "-XX:+UseG1GC";

  /** {@code PICCOLO_JAVA_OPTS}, which {@code ./piccolo} adds after its own, so they win. */
  private static List<String> userOptions() {
    String options = System.getenv("PICCOLO_JAVA_OPTS");
    return options == null || options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
  }

  /** Waits for the ready line; the port and the time to ready the server reported. */
  int[] awaitReady() throws Exception {
    try {
      return ready.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(
          "the server did not become ready; its output:\n" + String.join("\n", log));
    }
  }

  long pid() {
    return process.pid();
  }

  /** Resident memory in bytes ({@code VmRSS}). */
  long residentBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for process " + pid());
  }

  /** User and system CPU time so far, in seconds. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // fields after the command name, which is in parentheses and may hold spaces
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }

  List<String> log() {
    return List.copyOf(log);
  }

  /** SIGTERM, as an operator stops it: the server drains, then exits. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  private void readLog() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        log.add(line);
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready.complete(new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1))});
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IllegalStateException("the server exited"));
  }
}
