package io.piccolo.simulator.trace;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a trace on a thread of its own, a few thousand samples ahead of the replay, so parsing runs
 * on another core while the engine evaluates. The replay sees the same samples in the same order,
 * and a malformed line fails it at the same sample as a direct read would: every sample before the
 * line is handed over first.
 */
final class ReadAhead implements SampleStream {
  /**
   * Files smaller than this are read directly: a thread of their own would cost more than it gains.
   */
  static final long MIN_BYTES = 1 << 20;

  private static final int CHUNK = 4096;
  private static final int CHUNKS_AHEAD = 4;

  /** Samples read in a row; the last chunk of a trace says why it ended. */
  private static final class Chunk {
    final long[] times = new long[CHUNK];
    final String[] paths = new String[CHUNK];
    final Object[] values = new Object[CHUNK];
    int size;
    double progress;
    boolean last;
    Exception failure; // the stream's own failure, thrown once the samples before it are taken

    void reset() {
      size = 0;
      last = false;
      failure = null;
    }
  }

  private final SampleStream source;
  private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
  private final BlockingQueue<Chunk> spare = new ArrayBlockingQueue<>(CHUNKS_AHEAD + 2);
  private final Thread reader;
  private volatile boolean closed;
  private Chunk chunk;
  private int at;

  /** {@code source} read ahead when the machine has a core to spare and the trace is large. */
  static SampleStream of(SampleStream source, long bytes) {
    boolean large = bytes < 0 || bytes >= MIN_BYTES; // unknown size: a pipe, possibly endless
    return large && Runtime.getRuntime().availableProcessors() > 1 ? new ReadAhead(source) : source;
  }

  ReadAhead(SampleStream source) {
    this.source = source;
    this.reader = new Thread(this::readAll, "piccolo-trace-reader");
    reader.setDaemon(true); // a read blocked on a pipe must not keep the JVM alive
    reader.start();
  }

  private void readAll() {
    try {
      Chunk c;
      do {
        c = spare.poll();
        if (c == null) {
          c = new Chunk();
        }
        c.reset();
        fill(c);
        ready.put(c);
      } while (!c.last && !closed);
    } catch (InterruptedException closing) {
      // closed while a chunk waited for room: nobody reads it
    }
  }

  private void fill(Chunk c) {
    try {
      while (c.size < CHUNK) {
        if (!source.next()) {
          c.last = true;
          break;
        }
        c.times[c.size] = source.time();
        c.paths[c.size] = source.path();
        c.values[c.size] = source.value();
        c.size++;
      }
    } catch (IOException | TraceFormatException | RuntimeException e) {
      c.failure = e;
      c.last = true;
    }
    c.progress = source.progress();
  }

  @Override
  public boolean next() throws IOException, TraceFormatException {
    if (chunk != null && at + 1 < chunk.size) {
      at++;
      return true;
    }
    while (true) {
      if (chunk != null) {
        if (chunk.last) {
          throwFailure(chunk.failure);
          at = chunk.size;
          return false;
        }
        java.util.Arrays.fill(chunk.values, 0, chunk.size, null);
        spare.offer(chunk);
      }
      chunk = take();
      at = 0;
      if (chunk.size > 0) {
        return true;
      }
    }
  }

  private Chunk take() throws IOException {
    try {
      return ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while reading the trace");
    }
  }

  private static void throwFailure(Exception failure) throws IOException, TraceFormatException {
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof TraceFormatException format) {
      throw format;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
  }

  @Override
  public long time() {
    return chunk.times[at];
  }

  @Override
  public String path() {
    return chunk.paths[at];
  }

  @Override
  public Object value() {
    return chunk.values[at];
  }

  @Override
  public double progress() {
    return chunk == null ? 0 : chunk.progress;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    reader.interrupt();
    ready.clear(); // room for a chunk the reader may be putting
    source.close();
  }
}
