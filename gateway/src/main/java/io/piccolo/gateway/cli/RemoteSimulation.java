package io.piccolo.gateway.cli;

import io.piccolo.simulator.remote.RemoteException;
import io.piccolo.simulator.remote.RemoteReplay;
import io.piccolo.simulator.remote.RemoteResult;
import io.piccolo.simulator.trace.TraceFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** {@code simulate --target URL}: the trace replayed into a running serve, its options checked. */
final class RemoteSimulation {
  private final SimulateCommand command;

  RemoteSimulation(SimulateCommand command) {
    this.command = command;
  }

  int run() throws IOException {
    List<String> offlineOnly = new ArrayList<>();
    if (command.rules != null) {
      offlineOnly.add("--rules (the server has its rules)");
    }
    if (command.report != null) {
      offlineOnly.add("--report");
    }
    if (command.etcd != null) {
      offlineOnly.add("--etcd (the server records states in its own store)");
    }
    if (command.defaultDecision != null) {
      offlineOnly.add("--default-decision (the server's setting decides)");
    }
    if (command.storeOutageLimit != null) {
      offlineOnly.add("--store-outage-limit");
    }
    if (!offlineOnly.isEmpty()) {
      throw new UserError(
          UserError.BAD_INPUT,
          "--target replays into a server: drop " + String.join(", ", offlineOnly));
    }
    URI server = ClientCommands.server(command.target, "", "--target");
    double speed = speed(command.speed);
    Long until = SimulationInputs.untilMillis(command.until);
    var trace = SimulateCommand.traceSource(command.trace);
    PrintWriter err = command.spec.commandLine().getErr();
    RemoteResult result;
    try (DecisionLines output = command.openOutput()) {
      try {
        result =
            new RemoteReplay(server, command.target, speed, until, apiKey())
                .run(
                    trace,
                    line -> {
                      synchronized (output) {
                        output.line(line);
                      }
                    });
      } catch (RemoteException e) {
        throw new UserError(1, e.getMessage());
      } catch (TraceFormatException e) {
        throw new UserError(UserError.BAD_INPUT, e.getMessage());
      }
    }
    err.println(result.summary());
    return 0;
  }

  /** The key in {@code PICCOLO_API_KEY}, as the other client commands send it. */
  private static String apiKey() {
    String key = System.getenv(ClientCommands.API_KEY);
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** {@code N} (a positive number) or {@code max} (0: as fast as the server takes them). */
  static double speed(String text) {
    if (text == null) {
      return 1;
    }
    if (text.equals("max")) {
      return 0;
    }
    try {
      double n = Double.parseDouble(text);
      if (n > 0 && n <= 1000 && Double.isFinite(n)) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new UserError(
        UserError.BAD_INPUT,
        "--speed '"
            + text
            + "' is not a speed: write a number from 0.01 to 1000 (2: twice as fast)"
            + " or max");
  }
}
