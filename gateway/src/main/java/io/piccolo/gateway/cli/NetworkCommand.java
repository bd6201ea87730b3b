package io.piccolo.gateway.cli;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.engine.rulebase.Problem;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.network.NetworkChecks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "network",
    mixinStandardHelpOptions = true,
    description = "Check PHAROS Networks and the Models on them before serve runs them.",
    subcommands = {NetworkCommand.Check.class})
final class NetworkCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return UserError.BAD_INPUT;
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Checks a file of Network artifacts and the Models that join them, as PHAROS would: each"
            + " Network's fields, subnets that overlap, classes a Model asks for that its Network"
            + " does not declare, more Models than a subnet holds, Models on the host's network;"
            + " one file:line: message per problem. Touches neither the kernel nor a store.",
        "Exit code 0 when nothing is wrong (warnings aside), 1 otherwise, 2 for bad input."
      })
  static final class Check implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "a YAML file holding Network artifacts, and the Models on them if you like")
    Path file;

    @Mixin SettingsOption config;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ArtifactFile.Content content = ArtifactFile.read(file.toString(), read());
      List<Problem> problems = new ArrayList<>(content.problems());
      if (problems.stream().noneMatch(Problem::isError)) {
        List<Artifact> networks =
            content.artifacts().stream().filter(a -> a.kind().equals("Network")).toList();
        if (networks.isEmpty()) {
          throw new UserError(UserError.BAD_INPUT, file + ": holds no Network artifact");
        }
        problems.addAll(NetworkChecks.check(content.artifacts()));
        if (problems.stream().noneMatch(Problem::isError)) {
          problems.forEach(p -> out.println(ScheduleCommand.line(p)));
          long models = content.artifacts().stream().filter(a -> a.kind().equals("Model")).count();
          out.printf("ok: %d Network(s), %d Model(s)%n", networks.size(), models);
          return 0;
        }
      }
      problems.forEach(p -> out.println(ScheduleCommand.line(p)));
      return 1;
    }

    private String read() {
      if (!Files.isRegularFile(file)) {
        throw new UserError(UserError.BAD_INPUT, file + ": no such file");
      }
      try {
        return TextFiles.readUtf8(
            file, config.settings().get(Settings.TEXT_FILE_SIZE), "limits.text-file-size");
      } catch (TextFiles.UnreadableText e) {
        throw new UserError(UserError.BAD_INPUT, file + ":" + e.line() + ": " + e.detail());
      } catch (IOException e) {
        throw new UserError(UserError.BAD_INPUT, file + ": cannot read: " + e.getMessage());
      }
    }
  }
}
