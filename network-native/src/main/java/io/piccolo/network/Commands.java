package io.piccolo.network;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs iproute2 and bpftool. Java 17 has no netlink sockets and no bpf(2) without JNI, so PHAROS
 * drives the kernel through these tools; changes go in one batch per tool ({@code ip -batch -},
 * {@code tc -batch -}, {@code bpftool batch file -}) so that a workload costs a few processes, not
 * one per change.
 */
final class Commands {
  private static final long TIMEOUT_SECONDS = 20;

  private Commands() {}

  /** Runs {@code command}, feeding {@code input} (may be empty) to it; returns what it printed. */
  static String run(List<String> command, String input) throws KernelException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new KernelException(
          command.get(0)
              + " could not be started ("
              + e.getMessage()
              + "); run scripts/install-pharos.sh to install iproute2 and bpftool",
          e);
    }
    try {
      try (OutputStream in = p.getOutputStream()) {
        in.write(input.getBytes(StandardCharsets.UTF_8));
      }
      // both streams are small: read them after the input is in
      byte[] out = p.getInputStream().readAllBytes();
      byte[] err = p.getErrorStream().readAllBytes();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new KernelException(String.join(" ", command) + " did not finish in 20 s");
      }
      if (p.exitValue() != 0) {
        throw new KernelException(
            String.join(" ", command)
                + " failed: "
                + firstLines(new String(err, StandardCharsets.UTF_8)));
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new KernelException(String.join(" ", command) + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException(String.join(" ", command) + " was interrupted", e);
    }
  }

  static String run(String... command) throws KernelException {
    return run(List.of(command), "");
  }

  /** One batch of lines for {@code ip}, {@code tc} ({@code -batch -}) or bpftool. */
  static void batch(List<String> tool, List<String> lines) throws KernelException {
    if (lines.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(tool);
    if (tool.get(0).equals("bpftool")) {
      command.addAll(List.of("batch", "file", "-"));
    } else {
      command.addAll(List.of("-batch", "-"));
    }
    run(command, String.join("\n", lines) + "\n");
  }

  /** The error without tc's warnings about quantum, which say nothing wrong. */
  private static String firstLines(String err) {
    List<String> kept = new ArrayList<>();
    for (String line : err.split("\n")) {
      if (!line.isBlank() && !line.contains("quantum of class")) {
        kept.add(line.trim());
      }
    }
    String text = kept.isEmpty() ? "(no message)" : String.join("; ", kept);
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }
}
