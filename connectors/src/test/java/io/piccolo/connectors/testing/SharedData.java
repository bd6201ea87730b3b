package io.piccolo.connectors.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real data beside the repository ({@code ../shared/data}: the VSS catalogue, the WLTC cycle,
 * Pullpiri's examples). CI always has it; in a clone without it, tests that need it say so and do
 * not run.
 */
public final class SharedData {
  private SharedData() {}

  /** The file or folder, or aborts the calling test with the reason. */
  public static Path require(String relative) {
    Path root = root();
    Path file = root.resolve(relative);
    if (!Files.exists(file)) {
      String why =
          "did not run: needs "
              + file
              + " (the shared data beside the repository; CI has it;"
              + " set PICCOLO_SHARED_DATA to its folder)";
      System.err.println(why);
      Assumptions.abort(why);
    }
    return file;
  }

  /** Where the shared data is, or would be: for tests that use it only when present. */
  public static Path root() {
    String override = System.getenv("PICCOLO_SHARED_DATA");
    if (override != null) {
      return Path.of(override);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(".mvn"))) {
      dir = dir.getParent();
    }
    Path repo = dir != null ? dir : Path.of("").toAbsolutePath();
    return repo.resolveSibling("shared").resolve("data");
  }
}
