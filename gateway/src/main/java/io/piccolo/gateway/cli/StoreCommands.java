package io.piccolo.gateway.cli;

import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.connectors.artifact.ArtifactFile;
import io.piccolo.connectors.artifact.ArtifactNames;
import io.piccolo.connectors.store.ArtifactChanges;
import io.piccolo.connectors.store.ArtifactRef;
import io.piccolo.connectors.store.ArtifactYaml;
import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StoreException;
import io.piccolo.connectors.store.StoredArtifact;
import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apply}, {@code delete}, {@code get} and {@code history}: artifacts in the store. */
final class StoreCommands {
  private StoreCommands() {}

  /** {@code -f FILE}, repeatable: the artifact files of apply and delete. */
  static final class ArtifactFiles {
    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "artifact YAML (repeatable)")
    List<Path> paths;
  }

  /** Accepts any case and a plural: {@code scenario}, {@code Scenarios}. */
  static String kind(String text) {
    for (String kind : ArtifactFile.PULLPIRI_KINDS) {
      String lower = kind.toLowerCase(Locale.ROOT);
      String given = text.toLowerCase(Locale.ROOT);
      if (given.equals(lower)
          || given.equals(lower + "s")
          || given.equals(ArtifactFile.plural(kind))) {
        return kind;
      }
    }
    throw new UserError(
        UserError.BAD_INPUT,
        "unknown kind '"
            + text
            + "' (one of "
            + String.join(", ", ArtifactFile.PULLPIRI_KINDS.stream().sorted().toList())
            + ")");
  }

  /** An artifact named on the command line; a name no artifact can have is bad input. */
  static ArtifactRef ref(String kind, String name) {
    ArtifactNames.problem(name)
        .ifPresent(
            problem -> {
              throw new UserError(UserError.BAD_INPUT, "NAME: " + problem);
            });
    return new ArtifactRef(kind, name);
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Stores Pullpiri artifacts (every document of every file), each as its next version.",
        "All or nothing: if any document is invalid or names something missing, nothing is stored."
      })
  static final class Apply implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ArtifactFiles files;

    @Mixin StoreOptions store;

    @Mixin RemoteArtifacts remote;

    @Mixin SettingsOption config;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      remote.exclusiveWith(store);
      ArtifactChanges.Checked checked =
          ArtifactInputs.read(files.paths, config.settings().get(Settings.TEXT_FILE_SIZE), err);
      if (remote.given()) {
        remote.send("POST", documents(checked));
        out.println(
            "applied " + checked.artifacts().size() + " artifact(s) on the " + remote.describe());
        return 0;
      }
      try (StateStore s = store.open()) {
        ArtifactChanges.Applied applied = ArtifactChanges.apply(checked, s);
        if (!applied.problems().isEmpty()) {
          RuleLoading.sorted(applied.problems()).forEach(err::println);
          throw new UserError(1, "nothing was applied: fix the references above");
        }
        for (StoredArtifact stored : applied.stored()) {
          out.println("applied " + stored.key() + " (version " + stored.version() + ")");
        }
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Removes the artifacts the files define, with their history; all or nothing.")
  static final class Delete implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin ArtifactFiles files;

    @Mixin StoreOptions store;

    @Mixin RemoteArtifacts remote;

    @Mixin SettingsOption config;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      remote.exclusiveWith(store);
      ArtifactChanges.Checked checked =
          ArtifactInputs.read(files.paths, config.settings().get(Settings.TEXT_FILE_SIZE), err);
      if (remote.given()) {
        remote.send("DELETE", documents(checked));
        out.println(
            "deleted " + checked.artifacts().size() + " artifact(s) on the " + remote.describe());
        return 0;
      }
      List<ArtifactRef> refs = ArtifactChanges.refs(checked);
      try (StateStore s = store.open()) {
        ArtifactChanges.Deleted result = ArtifactChanges.delete(refs, s);
        if (result.refused()) {
          throw new UserError(1, result.refusal());
        }
        List<ArtifactRef> deleted = result.deleted();
        for (ArtifactRef ref : refs) {
          out.println(
              deleted.contains(ref) ? "deleted " + ref : "not stored, nothing to delete: " + ref);
        }
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Shows stored artifacts: a list of one kind, or one artifact as YAML or JSON.")
  static final class Get implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
        index = "0",
        paramLabel = "KIND",
        description = "Scenario, Package, Model, Volume, Network, Policy, Schedule or Node")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "one artifact")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "yaml|json",
        description = "print documents in this format")
    String output;

    @Mixin StoreOptions store;

    @Mixin RemoteArtifacts remote;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      String k = kind(kind);
      Format format = Format.parse(output, name != null);
      remote.exclusiveWith(store);
      if (remote.given()) {
        List<StoredArtifact> found;
        if (name != null) {
          ArtifactRef ref = ref(k, name);
          found =
              List.of(
                  remote
                      .get(ref)
                      .orElseThrow(
                          () -> new UserError(1, ref + " is not on the " + remote.describe())));
        } else {
          found = remote.list(k);
        }
        format.print(found, out);
        return 0;
      }
      try (StateStore s = store.open()) {
        List<StoredArtifact> found;
        if (name != null) {
          ArtifactRef ref = ref(k, name);
          found =
              List.of(
                  s.get(ref)
                      .orElseThrow(
                          () ->
                              new UserError(1, ref + " is not stored in the " + store.describe())));
        } else {
          found = s.list(k);
        }
        format.print(found, out);
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }

  @Command(
      name = "history",
      mixinStandardHelpOptions = true,
      description = {
        "Lists the stored versions of one artifact, newest first: the current one and up to "
            + StateStore.HISTORY
            + " before it (older ones are not kept)."
      })
  static final class History implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME")
    String name;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "yaml|json",
        description = "print every version's document")
    String output;

    @Mixin StoreOptions store;

    @Mixin RemoteArtifacts remote;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ArtifactRef ref = ref(kind(kind), name);
      remote.exclusiveWith(store);
      if (remote.given()) {
        List<StoredArtifact> versions = remote.history(ref);
        if (versions.isEmpty()) {
          throw new UserError(1, ref + " is not on the " + remote.describe());
        }
        Format.parse(output, false).print(versions, out);
        return 0;
      }
      try (StateStore s = store.open()) {
        List<StoredArtifact> versions = s.history(ref);
        if (versions.isEmpty()) {
          throw new UserError(1, ref + " is not stored in the " + store.describe());
        }
        Format.parse(output, false).print(versions, out);
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
      return 0;
    }
  }

  /** Checked documents as one multi-document YAML body, as a server's artifact API takes them. */
  static String documents(ArtifactChanges.Checked checked) {
    StringBuilder body = new StringBuilder();
    for (Artifact a : checked.artifacts()) {
      body.append("---\n").append(ArtifactYaml.yaml(a.document()));
    }
    return body.toString();
  }

  /** How artifacts are printed: a table of names and versions, or whole documents. */
  enum Format {
    TABLE,
    YAML,
    JSON;

    static Format parse(String text, boolean oneArtifact) {
      if (text == null) {
        return oneArtifact ? YAML : TABLE;
      }
      return switch (text) {
        case "yaml" -> YAML;
        case "json" -> JSON;
        default ->
            throw new UserError(UserError.BAD_INPUT, "-o must be yaml or json, not '" + text + "'");
      };
    }

    void print(List<StoredArtifact> artifacts, PrintWriter out) {
      switch (this) {
        case TABLE -> {
          out.printf("%-8s %-32s %s%n", "VERSION", "NAME", "KIND");
          artifacts.forEach(a -> out.printf("%-8d %-32s %s%n", a.version(), a.name(), a.kind()));
        }
        case YAML -> {
          for (int i = 0; i < artifacts.size(); i++) {
            out.print((i == 0 ? "" : "---\n") + ArtifactYaml.yaml(artifacts.get(i).document()));
          }
        }
        case JSON -> {
          if (artifacts.size() == 1) {
            out.println(ArtifactYaml.json(artifacts.get(0).document()));
          } else {
            out.println("[");
            for (int i = 0; i < artifacts.size(); i++) {
              out.print(ArtifactYaml.json(artifacts.get(i).document()));
              out.println(i < artifacts.size() - 1 ? "," : "");
            }
            out.println("]");
          }
        }
      }
    }
  }
}
