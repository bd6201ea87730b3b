package io.piccolo.scheduler;

import java.util.List;
import java.util.Optional;

/**
 * A Schedule artifact: its tasks, and where it was read (file and line; "Schedule/NAME" and 0 when
 * it came from the store).
 */
public record Schedule(String name, String file, int line, List<Task> tasks) {
  public Schedule {
    tasks = List.copyOf(tasks);
  }

  public Optional<Task> task(String name) {
    return tasks.stream().filter(t -> t.name().equals(name)).findFirst();
  }
}
