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

  /**
   * The v1 cpuset cgroups a Schedule's tasks had that are still there (none once the executor
   * cleaned up). {@code piccolo} itself may stay only while another Schedule's group is in it.
   */
  public static List<Path> leftBehind(String schedule) throws IOException {
    Path piccolo = CPUSET.resolve("piccolo");
    Path group = piccolo.resolve(schedule);
    if (!Files.isDirectory(group)) {
      if (Files.isDirectory(piccolo)) {
        try (Stream<Path> inside = Files.list(piccolo)) {
          if (inside.noneMatch(Files::isDirectory)) {
            return List.of(piccolo); // an empty parent left behind
          }
        }
      }
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(group)) {
      return walk.filter(Files::isDirectory).toList();
    } catch (IOException | java.io.UncheckedIOException beingRemoved) {
      return List.of(group); // the kernel removes its files as the folder goes: look again
    }
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
    Path parent = group.getParent();
    if (parent.getFileName().toString().equals("piccolo")) {
      try (Stream<Path> inside = Files.list(parent)) {
        if (inside.noneMatch(Files::isDirectory)) {
          Files.delete(parent); // another Schedule's group keeps it
        }
      } catch (IOException raced) {
        // another test made or removed a group meanwhile
      }
    }
  }
}
