package io.piccolo.gateway.cli;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.scheduler.AppliedTask;
import io.piccolo.scheduler.ApplyException;
import io.piccolo.scheduler.Binding;
import io.piccolo.scheduler.Kernel;
import io.piccolo.scheduler.Machine;
import io.piccolo.scheduler.Schedule;
import io.piccolo.scheduler.ScheduleApplier;
import io.piccolo.scheduler.ScheduleChecks;
import io.piccolo.scheduler.ScheduleReader;
import io.piccolo.scheduler.Task;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = "Check a TIMPANI Schedule against this machine, or apply its tasks to processes.",
    subcommands = {ScheduleCommand.Check.class, ScheduleCommand.Apply.class})
final class ScheduleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
  }

  /** The file and which of its Schedules. */
  static final class ScheduleFile {
    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "a YAML file holding a Schedule artifact")
    Path file;

    @Option(
        names = "--schedule",
        paramLabel = "NAME",
        description = "which Schedule, when the file holds several")
    String name;

    @Mixin SettingsOption config;

    /**
     * The Schedule and the problems the checks find on this machine; the file's own errors stop the
     * command.
     */
    Checked read(PrintWriter out) {
      if (!Files.isRegularFile(file)) {
        throw new UserError(UserError.BAD_INPUT, file + ": no such file");
      }
      String text;
      try {
        text =
            TextFiles.readUtf8(
                file, config.settings().get(Settings.TEXT_FILE_SIZE), "limits.text-file-size");
      } catch (TextFiles.UnreadableText e) {
        throw new UserError(UserError.BAD_INPUT, file + ":" + e.line() + ": " + e.detail());
      } catch (IOException e) {
        throw new UserError(UserError.BAD_INPUT, file + ": cannot read: " + e.getMessage());
      }
      ArtifactFile.Content content = ArtifactFile.read(file.toString(), text);
      List<Problem> fileErrors = content.problems().stream().filter(Problem::isError).toList();
      if (!fileErrors.isEmpty()) {
        fileErrors.forEach(p -> out.println(line(p)));
        return new Checked(null, fileErrors);
      }
      List<Artifact> schedules =
          content.artifacts().stream().filter(a -> a.kind().equals("Schedule")).toList();
      Artifact chosen = choose(schedules);
      Schedule schedule;
      try {
        schedule = ScheduleReader.read(chosen);
      } catch (IllegalArgumentException e) {
        throw new UserError(
            UserError.BAD_INPUT, file + ":" + chosen.origin().line() + ": " + e.getMessage());
      }
      List<Problem> problems = ScheduleChecks.check(schedule, Machine.current());
      problems.forEach(p -> out.println(line(p)));
      return new Checked(schedule, problems);
    }

    private Artifact choose(List<Artifact> schedules) {
      List<String> names = schedules.stream().map(Artifact::name).toList();
      if (schedules.isEmpty()) {
        throw new UserError(UserError.BAD_INPUT, file + ": holds no Schedule artifact");
      }
      if (name == null) {
        if (schedules.size() > 1) {
          throw new UserError(
              UserError.BAD_INPUT,
              file
                  + " holds several Schedules ("
                  + String.join(", ", names)
                  + "): name one with --schedule");
        }
        return schedules.get(0);
      }
      return schedules.stream()
          .filter(a -> a.name().equals(name))
          .findFirst()
          .orElseThrow(
              () ->
                  new UserError(
                      UserError.BAD_INPUT,
                      file
                          + " holds no Schedule '"
                          + name
                          + "' (it holds "
                          + String.join(", ", names)
                          + ")"));
    }
  }

  record Checked(Schedule schedule, List<Problem> problems) {
    boolean fits() {
      return schedule != null && problems.stream().noneMatch(Problem::isError);
    }
  }

  /** {@code file:line: message}. */
  static String line(Problem p) {
    return p.file()
        + ":"
        + Math.max(p.line(), 1)
        + ": "
        + (p.isError() ? "" : "warning: ")
        + p.message();
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Runs every check of the TIMPANI executor against this machine's CPUs: times, priorities,"
            + " masks, and the utilisation bound of each CPU set; one file:line: message per"
            + " problem.",
        "Exit code 0 when the Schedule fits, 1 otherwise."
      })
  static final class Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ScheduleFile input;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Checked checked = input.read(out);
      if (!checked.fits()) {
        return 1;
      }
      Machine machine = Machine.current();
      out.printf(
          "ok: Schedule %s: %d task(s) fit this machine (CPUs %s)%n",
          checked.schedule().name(), checked.schedule().tasks().size(), machine.cpus());
      return 0;
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Checks the Schedule, then applies the named tasks to running processes (policy, priority,"
            + " affinity, cpuset and RT budget) and prints what it set. Needs root.",
        "Exit code 0 when every named task was applied, 1 when the checks or the kernel refused, 2"
            + " for bad input."
      })
  static final class Apply implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin ScheduleFile input;

    @Option(
        names = "--task",
        required = true,
        paramLabel = "NAME=PID",
        description = "a task of the Schedule and the process (or thread) that runs it; repeatable")
    List<String> tasks;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Map<String, Long> named = parseTasks();
      Checked checked = input.read(out);
      if (!checked.fits()) {
        out.println("nothing was applied: fix the problems above");
        return 1;
      }
      List<Binding> bindings = bindings(checked.schedule(), named);
      try (Kernel kernel = Kernel.start(line -> {})) {
        List<AppliedTask> applied =
            new ScheduleApplier(kernel, Machine.current()).apply(checked.schedule(), bindings);
        applied.forEach(a -> out.println(a.describe()));
        return 0;
      } catch (ApplyException e) {
        out.println(e.getMessage());
        return 1;
      } catch (IOException e) {
        throw new UserError(1, e.getMessage());
      }
    }

    private Map<String, Long> parseTasks() {
      Map<String, Long> named = new LinkedHashMap<>();
      for (String t : tasks) {
        int eq = t.indexOf('=');
        long pid;
        try {
          pid = eq > 0 ? Long.parseLong(t.substring(eq + 1).trim()) : -1;
        } catch (NumberFormatException e) {
          pid = -1;
        }
        if (pid <= 0) {
          throw new UserError(
              UserError.BAD_INPUT, "--task " + t + ": write it as NAME=PID, e.g. p1_0=1234");
        }
        named.put(t.substring(0, eq).trim(), pid);
      }
      return named;
    }

    private List<Binding> bindings(Schedule schedule, Map<String, Long> named) {
      List<Binding> out = new ArrayList<>();
      for (Map.Entry<String, Long> e : named.entrySet()) {
        Task task =
            schedule
                .task(e.getKey())
                .orElseThrow(
                    () ->
                        new UserError(
                            UserError.BAD_INPUT,
                            "--task "
                                + e.getKey()
                                + ": Schedule "
                                + schedule.name()
                                + " has no such task (its tasks: "
                                + String.join(
                                    ", ", schedule.tasks().stream().map(Task::name).toList())
                                + ")"));
        if (!Files.isDirectory(Path.of("/proc", Long.toString(e.getValue())))) {
          throw new UserError(
              UserError.BAD_INPUT,
              "--task "
                  + e.getKey()
                  + "="
                  + e.getValue()
                  + ": no process or thread "
                  + e.getValue()
                  + " is running");
        }
        out.add(new Binding(task, e.getValue()));
      }
      return out;
    }
  }
}
