package io.piccolo.scheduler.testing;

import io.piccolo.scheduler.CpuList;
import io.piccolo.scheduler.HelperException;
import io.piccolo.scheduler.Kernel;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps this JVM's threads (and so the evaluator's) off the CPU an overloaded real-time task takes:
 * RT tasks may use 95 % of a CPU, and whatever else shares it waits.
 */
public final class JvmPinning {
  private JvmPinning() {}

  /** Pins every thread of this JVM to these CPUs; threads started later inherit it. */
  public static void pinTo(Kernel kernel, String cpus) throws IOException, HelperException {
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : threads) {
        try {
          kernel.affinity(Long.parseLong(t.getFileName().toString()), CpuList.parse(cpus));
        } catch (HelperException e) {
          if (!e.errno().equals("ESRCH")) {
            throw e; // a thread that ended meanwhile needs no pinning
          }
        }
      }
    }
  }
}
