package io.piccolo.simulator.trace;

import io.piccolo.connectors.text.TextFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Lines of a UTF-8 stream, read in large blocks: ASCII lines (nearly every trace line) become
 * strings without a decoder, any other line is decoded strictly, and an invalid byte or an endless
 * line (a binary file, {@code /dev/zero}) is an error naming the line and byte offset.
 */
final class ByteLines {
  private static final int BLOCK = 1 << 16;

  private final String name;
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] block = new byte[BLOCK];
  private int pos;
  private int limit;
  private byte[] spill = new byte[256];
  private int spilled;
  private long consumed;
  private long lineStart;
  private int lineNumber;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  ByteLines(String name, InputStream in, int firstLine, int maxLineBytes) {
    this.name = name;
    this.in = in;
    this.lineNumber = firstLine - 1;
    this.maxLineBytes = maxLineBytes;
  }

  /** The number of the line last returned. */
  int lineNumber() {
    return lineNumber;
  }

  /** Bytes taken from the stream so far. */
  long consumed() {
    return consumed;
  }

  /** The next line without its line break, or null at the end. */
  String next() throws IOException, TraceFormatException {
    spilled = 0;
    lineStart = consumed;
    boolean ascii = true;
    while (true) {
      if (pos == limit && !fill()) {
        if (spilled == 0 && consumed == lineStart) {
          return null;
        }
        lineNumber++;
        return text(spill, 0, spilled, ascii);
      }
      int start = pos;
      while (pos < limit && block[pos] != '\n') {
        ascii &= block[pos] >= 0;
        pos++;
      }
      int length = pos - start;
      if (spilled + length > maxLineBytes) {
        throw new TraceFormatException(
            name,
            lineNumber + 1,
            "line longer than "
                + maxLineBytes
                + " bytes: not a trace (binary data, or no line breaks?)");
      }
      if (pos < limit) { // a line break
        pos++;
        consumed += length + 1;
        lineNumber++;
        if (spilled == 0) {
          return text(block, start, length, ascii);
        }
        keep(start, length);
        return text(spill, 0, spilled, ascii);
      }
      consumed += length;
      keep(start, length);
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(block, 0, BLOCK);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void keep(int start, int length) {
    if (spilled + length > spill.length) {
      spill = Arrays.copyOf(spill, Math.max(spill.length * 2, spilled + length));
    }
    System.arraycopy(block, start, spill, spilled, length);
    spilled += length;
  }

  private String text(byte[] bytes, int start, int length, boolean ascii)
      throws TraceFormatException {
    if (length > 0 && bytes[start + length - 1] == '\r') {
      length--;
    }
    if (ascii) {
      return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
    }
    ByteBuffer source = ByteBuffer.wrap(bytes, start, length);
    CharBuffer out = CharBuffer.allocate(length);
    decoder.reset();
    CoderResult result = decoder.decode(source, out, true);
    if (result.isError()) {
      int bad = source.position();
      throw new TraceFormatException(
          name, lineNumber, TextFiles.notUtf8Message(lineStart + (bad - start), bytes[bad]));
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }
}
