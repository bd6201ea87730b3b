package io.piccolo.scheduler;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads files of /proc and /sys. Not with {@code Files.readString}: it trusts the size the kernel
 * reports for them, and on some kernels reads only a first byte of {@code
 * /proc/sys/kernel/sched_rt_runtime_us}.
 */
final class ProcFiles {
  private ProcFiles() {}

  static String read(Path file) throws IOException {
    try (FileInputStream in = new FileInputStream(file.toFile())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static String read(String file) throws IOException {
    return read(Path.of(file));
  }
}
