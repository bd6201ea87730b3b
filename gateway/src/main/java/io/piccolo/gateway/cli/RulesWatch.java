package io.piccolo.gateway.cli;

import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.rulebase.CompiledPackages;
import io.piccolo.engine.sandbox.SandboxPolicy;
import io.piccolo.gateway.settings.Settings;
import io.piccolo.gateway.watch.FolderWatch;
import io.piccolo.simulator.spec.SpecCase;
import io.piccolo.simulator.spec.SpecException;
import io.piccolo.simulator.spec.SpecFile;
import io.piccolo.simulator.spec.SpecRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Checks the rules and runs their specs, then again on every save under PATH: the rules are"
          + " checked again, and the specs that load a changed file (or changed themselves) run.",
      "Prints problems as file:line:column: message, 'N passed, N failed' with each failure's"
          + " first line, and a line with the time and how long it took. Ctrl-C ends it (exit"
          + " code 0)."
    })
final class RulesWatch implements Callable<Integer> {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "rule and spec files or folders to follow")
  List<Path> paths;

  @Mixin RuleLoading loading;

  private PrintWriter out;
  private SpecRunner runner;

  /** One compile of a changed package serves the check and every spec that loads it. */
  private final CompiledPackages packages = new CompiledPackages();

  /** The last check, and the files it read: a save of a spec alone checks nothing again. */
  private RuleSet checkedSet;

  private RuleLoading.Checked checked;
  private long maxBytes;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    RuleLoading.requireExisting(paths);
    Settings settings = loading.settings();
    maxBytes = settings.get(Settings.TEXT_FILE_SIZE);
    loading.catalogue(); // a bad --vss is bad input now, not at the first save
    runner =
        new SpecRunner(
                maxBytes, SandboxPolicy.defaults().allow(settings.get(Settings.SANDBOX_ALLOW)))
            .classCache(RuleLoading.classCache(settings))
            .sharePackages(packages);
    CountDownLatch stopped = new CountDownLatch(1);
    try {
      Signal.handle(new Signal("INT"), signal -> stopped.countDown());
    } catch (IllegalArgumentException e) {
      // a JVM that keeps SIGINT to itself (-Xrs): Ctrl-C ends it the JVM's way
    }
    run(null);
    try (FolderWatch watch =
        new FolderWatch(
            paths,
            settings.get(Settings.RULES_WATCH_DEBOUNCE),
            this::changed,
            problem -> print("warning: " + problem))) {
      watch.start("piccolo-rules-watch");
      out.println("watching " + paths + " (Ctrl-C to stop)");
      out.flush();
      stopped.await();
    } catch (IOException e) {
      throw new UserError(UserError.BAD_INPUT, "cannot watch " + paths + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopped like Ctrl-C
    }
    return 0;
  }

  private synchronized void print(String line) {
    out.println(line);
    out.flush();
  }

  /** Editors' backup and swap files change nothing the rules or specs read. */
  private void changed(Set<Path> changed) {
    Set<Path> relevant = Set.copyOf(changed.stream().filter(RulesWatch::relevant).toList());
    if (!relevant.isEmpty()) {
      run(relevant);
    }
  }

  private static boolean relevant(Path path) {
    String name = path.getFileName().toString();
    return RuleSet.isRuleFile(path)
        || name.endsWith(".spec.yaml")
        || java.nio.file.Files.isDirectory(path)
        || name.endsWith(".csv")
        || name.endsWith(".jsonl");
  }

  /** One check and spec run: everything when {@code changed} is null. */
  private synchronized void run(Set<Path> changed) {
    long start = System.nanoTime();
    try {
      RuleSet set = loading.load(paths);
      if (!set.sameFilesAs(checkedSet)) {
        checked = loading.check(set, packages);
        checkedSet = set;
      }
      loading.print(checked.problems(), out);
      runner.filesChanged();
      SpecRun specs = new SpecRun(runner, maxBytes, out);
      for (Path file : SpecFile.find(paths)) {
        specs.file(file, changed);
      }
      specs.summary();
      out.printf(
          "%s %s in %d ms%s%n",
          LocalTime.now().format(CLOCK),
          checked.ruleBase() != null ? "rules ok" : "rules have errors",
          (System.nanoTime() - start) / 1_000_000,
          changed == null ? "" : " after " + names(changed));
    } catch (IOException | RuntimeException e) {
      // a file removed or unreadable mid-save: say so and keep watching
      out.println(LocalTime.now().format(CLOCK) + " not checked: " + e.getMessage());
    }
    out.flush();
  }

  private static String names(Set<Path> changed) {
    List<String> names =
        changed.stream().map(p -> p.getFileName().toString()).sorted().limit(3).toList();
    return String.join(", ", names) + (changed.size() > 3 ? ", …" : "");
  }

  /** The cases of one watch run, and what they came to. */
  private static final class SpecRun {
    private final SpecRunner runner;
    private final long maxBytes;
    private final PrintWriter out;
    private int passed;
    private int failed;
    private final StringBuilder failures = new StringBuilder();

    SpecRun(SpecRunner runner, long maxBytes, PrintWriter out) {
      this.runner = runner;
      this.maxBytes = maxBytes;
      this.out = out;
    }

    void file(Path file, Set<Path> changed) {
      boolean itChanged = changed == null || changed.contains(file.toAbsolutePath().normalize());
      List<SpecCase> cases;
      try {
        cases = SpecFile.read(file, maxBytes);
      } catch (SpecException e) {
        if (itChanged) {
          fail(file.toString(), e.getMessage());
        }
        return;
      }
      for (SpecCase c : cases) {
        if (!itChanged && c.spec() != null && !loadsAny(c.spec().rules(), changed)) {
          continue;
        }
        List<String> why = c.failures(runner);
        if (why.isEmpty()) {
          passed++;
        } else {
          fail(c.name() + "  (" + c.file() + ":" + c.line() + ")", why.get(0));
        }
      }
    }

    /** A changed file is one of the rules, or inside a folder of them. */
    private static boolean loadsAny(List<Path> rules, Set<Path> changed) {
      for (Path rule : rules) {
        Path r = rule.toAbsolutePath().normalize();
        if (changed.stream().anyMatch(c -> c.startsWith(r))) {
          return true;
        }
      }
      return false;
    }

    private void fail(String what, String firstLine) {
      failed++;
      failures
          .append("FAIL ")
          .append(what)
          .append('\n')
          .append("    ")
          .append(firstLine)
          .append('\n');
    }

    void summary() {
      out.println(passed + " passed, " + failed + " failed");
      out.print(failures);
    }
  }
}
