package io.piccolo.scheduler.testing;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.scheduler.Schedule;
import io.piccolo.scheduler.ScheduleReader;

/** Schedules written as YAML, read as {@code schedule check} reads them. */
public final class Schedules {
  private Schedules() {}

  public static Schedule read(String file, String yaml) {
    ArtifactFile.Content content = ArtifactFile.read(file, yaml);
    if (content.hasErrors()) {
      throw new IllegalArgumentException(content.problems().toString());
    }
    Artifact a =
        content.artifacts().stream()
            .filter(x -> x.kind().equals("Schedule"))
            .findFirst()
            .orElseThrow();
    return ScheduleReader.read(a);
  }

  /** One task's YAML, as a list item of a Schedule's spec. */
  public static String task(
      String name,
      String policy,
      int priority,
      long mask,
      long period,
      long runtime,
      long deadline) {
    return "  - name: "
        + name
        + "\n    priority: "
        + priority
        + "\n    policy: "
        + policy
        + "\n    cpu_affinity: "
        + mask
        + "\n    period: "
        + period
        + "\n    release_time: 0\n    runtime: "
        + runtime
        + "\n    deadline: "
        + deadline
        + "\n    node_id: here\n    max_dmiss: 3\n";
  }

  /** The same task with another {@code max_dmiss} (0: no limit of its own). */
  public static String maxDmiss(String task, int misses) {
    return task.replace("max_dmiss: 3\n", "max_dmiss: " + misses + "\n");
  }

  public static String schedule(String name, String... tasks) {
    return "apiVersion: v1\nkind: Schedule\nmetadata:\n  name: "
        + name
        + "\nspec:\n"
        + String.join("", tasks);
  }
}
