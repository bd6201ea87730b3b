package io.piccolo.scheduler.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The v1 cgroups tests make and read, removed again (deepest first) once their tasks are gone. */
public final class Cgroups {
  public static final Path CPUSET = Path.of("/sys/fs/cgroup/cpuset");
  public static final Path CPU = Path.of("/sys/fs/cgroup/cpu");

  private Cgroups() {}

  public static String read(Path file) throws IOException {
    try (var in = new java.io.FileInputStream(file.toFile())) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    }
  }

  public static void write(Path file, String value) throws IOException {
    Files.writeString(file, value);
  }

  /** Removes a cgroup folder and those below it; the kernel removes their files itself. */
  public static void remove(Path group) throws IOException {
    if (!Files.isDirectory(group)) {
      return;
    }
    List<Path> folders;
    try (Stream<Path> walk = Files.walk(group)) {
      folders = walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
    }
    for (Path f : folders) {
      Files.delete(f);
    }
  }
}
