package io.piccolo.scheduler;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which thread runs a task: the threads of this node whose name ({@code comm}, as {@code
 * /proc/PID/task/TID/comm} shows it, at most 15 characters) is the task's name, among the processes
 * of a Package's containers. A Model's containers are the processes whose environment holds {@code
 * HOSTNAME=MODEL} (the container runtimes name each pod, and so its hostname, after its Model);
 * when none of the Package's Models has a process here, every process of the node is searched.
 */
final class TaskFinder {
  private static final Path PROC = Path.of("/proc");
  private static final int COMM_LENGTH = 15;

  private TaskFinder() {}

  /** The processes of these Models' containers on this node; empty when none runs here. */
  static List<Long> processesOf(Collection<String> models) {
    List<Long> found = new ArrayList<>();
    for (long pid : processes()) {
      String env = read(PROC.resolve(pid + "/environ"));
      for (String model : models) {
        if (env.contains("\0HOSTNAME=" + model + "\0")
            || env.startsWith("HOSTNAME=" + model + "\0")) {
          found.add(pid);
          break;
        }
      }
    }
    return found;
  }

  /**
   * The threads named after a task, in the given processes (every process when empty), lowest id
   * first.
   */
  static List<Long> threadsNamed(String task, List<Long> scope) {
    String comm = task.length() > COMM_LENGTH ? task.substring(0, COMM_LENGTH) : task;
    List<Long> found = new ArrayList<>();
    for (long pid : scope.isEmpty() ? processes() : scope) {
      for (long tid : ids(PROC.resolve(pid + "/task"))) {
        if (read(PROC.resolve(pid + "/task/" + tid + "/comm")).strip().equals(comm)) {
          found.add(tid);
        }
      }
    }
    found.sort(Long::compare);
    return found;
  }

  static List<Long> processes() {
    return ids(PROC);
  }

  private static List<Long> ids(Path folder) {
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path e : entries) {
        String name = e.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          ids.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      // the process ended while we looked
    }
    return ids;
  }

  private static String read(Path file) {
    try {
      return ProcFiles.read(file);
    } catch (IOException e) {
      return ""; // gone, or not ours to read
    }
  }
}
