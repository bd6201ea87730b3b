package io.piccolo.connectors.files;

import io.piccolo.engine.rulebase.CompiledClassCache;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Compiled rule classes kept in a folder, one file per key. A file's name is the key combined with
 * what the classes were compiled against (the JVM and every entry of the classpath, by size and
 * modification time), so a new build of PICCOLO, another Drools or another JDK finds nothing of an
 * older one. Files are written whole to a temporary name and renamed into place, so processes
 * sharing the folder only ever read complete files, and a checksum turns any other damage into a
 * miss. Past {@code maxBytes} the least recently used files are removed.
 */
public final class FolderClassCache implements CompiledClassCache {
  private static final int MAGIC = 0x50434301; // "PCC" 1
  private static final String SUFFIX = ".classes";

  /** The most the folder holds before the least recently used files are removed. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  private final Path folder;
  private final long maxBytes;
  private final String environment;

  public FolderClassCache(Path folder, long maxBytes) {
    this(folder, maxBytes, Environment.CURRENT);
  }

  FolderClassCache(Path folder, long maxBytes, String environment) {
    this.folder = folder;
    this.maxBytes = maxBytes;
    this.environment = environment;
  }

  /** {@code ${XDG_CACHE_HOME:-~/.cache}/piccolo/classes}. */
  public static Path defaultFolder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("piccolo").resolve("classes");
  }

  @Override
  public Optional<Map<String, byte[]>> read(String key) {
    Path file = fileOf(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Map<String, byte[]>> classes = decode(bytes);
    if (classes.isPresent()) {
      try {
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
      } catch (IOException e) {
        // only the eviction order suffers
      }
    }
    return classes;
  }

  @Override
  public void write(String key, Map<String, byte[]> classes) {
    Path temp = null;
    try {
      createFolder();
      temp = Files.createTempFile(folder, ".write-", ".part");
      Files.write(temp, encode(classes));
      try {
        Files.move(
            temp, fileOf(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, fileOf(key), StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      evict();
    } catch (IOException | RuntimeException e) {
      // a cache that cannot be written is a cache that holds nothing
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // left for the next eviction
        }
      }
    }
  }

  private void createFolder() throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    Files.createDirectories(folder.getParent() == null ? folder : folder.getParent());
    try {
      Files.createDirectory(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      // another process made it meanwhile
    }
  }

  private Path fileOf(String key) {
    return folder.resolve(sha256(environment + "\0" + key) + SUFFIX);
  }

  /** Removes the least recently used files while the folder holds more than its limit. */
  private void evict() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      list.filter(Files::isRegularFile).forEach(files::add);
    }
    long total = 0;
    Map<Path, long[]> seen = new LinkedHashMap<>();
    for (Path f : files) {
      try {
        long[] sizeAndTime = {Files.size(f), Files.getLastModifiedTime(f).toMillis()};
        seen.put(f, sizeAndTime);
        total += sizeAndTime[0];
      } catch (IOException e) {
        // removed by another process meanwhile
      }
    }
    if (total <= maxBytes) {
      return;
    }
    List<Path> oldestFirst = new ArrayList<>(seen.keySet());
    oldestFirst.sort(Comparator.comparingLong(f -> seen.get(f)[1]));
    for (Path f : oldestFirst) {
      if (total <= maxBytes) {
        break;
      }
      Files.deleteIfExists(f);
      total -= seen.get(f)[0];
    }
  }

  static byte[] encode(Map<String, byte[]> classes) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    out.writeInt(MAGIC);
    out.writeInt(classes.size());
    for (Map.Entry<String, byte[]> e : classes.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      out.write(e.getValue());
    }
    CRC32 crc = new CRC32();
    crc.update(buffer.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return buffer.toByteArray();
  }

  static Optional<Map<String, byte[]>> decode(byte[] bytes) {
    if (bytes.length < 16) {
      return Optional.empty();
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      in.skipNBytes(bytes.length - 8);
      if (in.readLong() != crc.getValue()) {
        return Optional.empty();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 8))) {
      if (in.readInt() != MAGIC) {
        return Optional.empty();
      }
      int count = in.readInt();
      Map<String, byte[]> classes = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        byte[] code = new byte[in.readInt()];
        in.readFully(code);
        classes.put(name, code);
      }
      return Optional.of(classes);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
