package io.piccolo.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line holds only the subcommand it runs, and says the same as one holding them all. */
class PiccoloCliTest {
  @Test
  void eachSubcommandIsListedUnderItsOwnName() {
    PiccoloCli.SUBCOMMANDS.forEach(
        (name, type) ->
            assertEquals(
                name, type.getAnnotation(CommandLine.Command.class).name(), type.getName()));
  }

  @Test
  void aSubcommandRunsAloneAndKnowsItselfAsInTheWholeTree() {
    Map<String, CommandLine> all = PiccoloCli.commandLine().getSubcommands();
    assertEquals(new ArrayList<>(PiccoloCli.SUBCOMMANDS.keySet()), new ArrayList<>(all.keySet()));
    for (String name : List.of("rules", "simulate", "bench", "settings")) {
      Map<String, CommandLine> alone = PiccoloCli.commandLine(name, "--help").getSubcommands();
      assertEquals(List.of(name), new ArrayList<>(alone.keySet()));
      assertEquals(all.get(name).getUsageMessage(), alone.get(name).getUsageMessage(), name);
    }
  }

  @Test
  void theUsageHelpAndAMistypedNameSeeEveryCommand() {
    Cli usage = Cli.run();
    assertEquals(UserError.BAD_INPUT, usage.exitCode(), usage.toString());
    for (String name : PiccoloCli.SUBCOMMANDS.keySet()) {
      assertTrue(usage.err().contains("  " + name), name + " in\n" + usage);
    }
    Cli help = Cli.run("help", "rules");
    assertEquals(0, help.exitCode(), help.toString());
    assertTrue(help.out().contains("Usage: piccolo rules"), help.toString());
    Cli typo = Cli.run("simulat");
    assertTrue(typo.err().contains("simulate"), typo.toString());
  }
}
