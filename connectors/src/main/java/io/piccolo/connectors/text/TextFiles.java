package io.piccolo.connectors.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads whole text files (rules, artifacts, specs, settings) with a size bound and strict UTF-8, so
 * a huge or binary file is refused at once with where the problem is.
 */
public final class TextFiles {
  /** The default bound on one rule, artifact, spec or settings file: room for 100,000 scenarios. */
  public static final long DEFAULT_MAX_BYTES = 64L << 20;

  private TextFiles() {}

  /** Why a file could not be read as text: the message names the file, and the line when known. */
  public static final class UnreadableText extends IOException {
    private final int line;
    private final String detail;

    public UnreadableText(String file, int line, String detail) {
      super(file + (line > 0 ? ":" + line : "") + ": " + detail);
      this.line = line;
      this.detail = detail;
    }

    /** The line of the problem, 0 when it is the file as a whole. */
    public int line() {
      return line;
    }

    /** What is wrong, without where. */
    public String detail() {
      return detail;
    }
  }

  /**
   * The file's text.
   *
   * @param maxBytes the largest file accepted; a larger one (or an endless one such as /dev/zero)
   *     is refused after reading at most this many bytes and one more
   * @param limitName how a user raises the bound, for the message (e.g. a setting's name)
   */
  public static String readUtf8(Path file, long maxBytes, String limitName) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (NoSuchFileException e) {
      throw new UnreadableText(file.toString(), 0, "no such file");
    }
    if (bytes.length > maxBytes) {
      throw new UnreadableText(
          file.toString(),
          0,
          "larger than "
              + maxBytes
              + " bytes, the limit for this kind of file; raise "
              + limitName
              + " if it is meant to be this big");
    }
    return decode(file.toString(), bytes);
  }

  /** Decodes strict UTF-8, naming the line and byte offset of the first invalid byte. */
  public static String decode(String name, byte[] bytes) throws UnreadableText {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      throw notUtf8(name, bytes, in.position());
    }
    try {
      result = decoder.flush(out);
      if (result.isError()) {
        throw notUtf8(name, bytes, in.position());
      }
    } catch (IllegalStateException e) {
      throw new UnreadableText(name, 0, "cannot be read as UTF-8");
    }
    out.flip();
    return out.toString();
  }

  /** The message for an invalid byte at {@code offset}, with its line counted from 1. */
  public static UnreadableText notUtf8(String name, byte[] bytes, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return notUtf8(name, line, offset, offset < bytes.length ? bytes[offset] : 0);
  }

  public static UnreadableText notUtf8(String name, int line, long offset, byte value) {
    return new UnreadableText(name, line, notUtf8Message(offset, value));
  }

  /** What is wrong with an invalid byte, without where: callers that know the line add it. */
  public static String notUtf8Message(long offset, byte value) {
    return String.format(
        "not UTF-8 text: byte 0x%02X at byte offset %d cannot start or continue a character;"
            + " save the file as UTF-8",
        value & 0xFF, offset);
  }
}
