package io.piccolo.gateway.cli;

import io.piccolo.engine.DecidedAction;
import io.piccolo.simulator.replay.DecisionJson;
import io.piccolo.simulator.replay.ReplayObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes one JSON line per decision as the replay decides it, so the output is complete up to the
 * moment a run stops, whatever stopped it.
 */
final class DecisionLines implements ReplayObserver, AutoCloseable {
  private final Writer writer;
  private final boolean closes;
  private final String name;

  private DecisionLines(Writer writer, boolean closes, String name) {
    this.writer = writer;
    this.closes = closes;
    this.name = name;
  }

  static DecisionLines to(PrintWriter stdout) {
    return new DecisionLines(stdout, false, "standard output");
  }

  static DecisionLines to(Path file) throws IOException {
    return new DecisionLines(
        Files.newBufferedWriter(file, StandardCharsets.UTF_8), true, file.toString());
  }

  @Override
  public void decided(List<DecidedAction> atOneTime) {
    try {
      for (DecidedAction d : atOneTime) {
        writer.write(DecisionJson.line(d));
        writer.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot write the output: " + e.getMessage(), e);
    }
  }

  /** One decision line as a server sent it, written out at once. */
  void line(String json) {
    try {
      writer.write(json);
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot write the output: " + e.getMessage(), e);
    }
  }

  /** Writes out what is buffered; also from another thread, when the run is being ended. */
  void flush() {
    try {
      writer.flush();
    } catch (IOException e) {
      // the run is ending; what could not be written is lost either way
    }
  }

  @Override
  public void close() {
    try {
      if (closes) {
        writer.close();
      } else {
        writer.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot write the output: " + e.getMessage(), e);
    }
  }
}
