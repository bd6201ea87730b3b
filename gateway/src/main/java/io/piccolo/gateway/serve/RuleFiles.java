package io.piccolo.gateway.serve;

import io.piccolo.connectors.files.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule files of a running server, found by file name in the folders it was started with: a name
 * is a file name only, never a path, so nothing outside those folders can be read or written.
 */
final class RuleFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /** One rule file: its name, where it is, what it holds, and whether it may be changed. */
  record Entry(String name, Path path, String kind, long size, boolean inFolder) {}

  private final List<Path> paths;

  RuleFiles(List<Path> paths) {
    this.paths = List.copyOf(paths);
  }

  /** The folders among the paths; files are changed only there. */
  List<Path> folders() {
    return paths.stream().filter(Files::isDirectory).toList();
  }

  List<Path> paths() {
    return paths;
  }

  /** Why {@code name} cannot name a rule file, or null when it can. */
  static String refuseName(String name) {
    if (!NAME.matcher(name).matches()) {
      return "'"
          + name
          + "' is not a rule file name: a file name only (letters, digits, '.', '_', '-',"
          + " starting with a letter or digit), no folder";
    }
    if (!RuleSet.isRuleFile(Path.of(name))) {
      return "'"
          + name
          + "' is not a rule file: name it NAME.drl, NAME.yaml or NAME.yml (specs,"
          + " *.spec.yaml, are not rules)";
    }
    return null;
  }

  static String kind(Path file) {
    return file.getFileName().toString().endsWith(".drl") ? "drl" : "scenario";
  }

  /** Every rule file, folders searched as the rules are loaded. */
  List<Entry> list() throws IOException {
    List<Entry> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          for (Path f :
              walk.filter(Files::isRegularFile).filter(RuleSet::isRuleFile).sorted().toList()) {
            out.add(entry(f, true));
          }
        }
      } else if (Files.isRegularFile(p)) {
        out.add(entry(p, false));
      }
    }
    return out;
  }

  private static Entry entry(Path file, boolean inFolder) throws IOException {
    return new Entry(file.getFileName().toString(), file, kind(file), Files.size(file), inFolder);
  }

  /** The files called {@code name}, anywhere in the folders or named directly. */
  List<Entry> named(String name) throws IOException {
    return list().stream().filter(e -> e.name().equals(name)).toList();
  }

  /** Where a new file of that name goes: the first folder. */
  Path newFile(String name) {
    return folders().get(0).resolve(name);
  }

  /**
   * A change written beside its target and not yet visible: {@link #commit} renames it over the
   * target in one step, so a reader never sees half a file.
   */
  static final class Staged {
    private final Path target;
    private final Path temp;

    private Staged(Path target, Path temp) {
      this.target = target;
      this.temp = temp;
    }

    void commit() throws IOException {
      if (temp == null) {
        Files.deleteIfExists(target);
        return;
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    void discard() {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // a temporary file left behind is named so that no rule load picks it up
        }
      }
    }
  }

  /** {@code text} written to a temporary file beside {@code target} (not a rule file name). */
  static Staged stage(Path target, String text) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    keepPermissions(target, temp);
    return new Staged(target, temp);
  }

  /** A temporary file is private; the file it becomes reads as its predecessor, or as usual. */
  private static void keepPermissions(Path target, Path temp) throws IOException {
    if (!temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Files.setPosixFilePermissions(
        temp,
        Files.exists(target)
            ? Files.getPosixFilePermissions(target)
            : PosixFilePermissions.fromString("rw-r--r--"));
  }

  /** A removal, carried out by {@link Staged#commit}. */
  static Staged removal(Path target) {
    return new Staged(target, null);
  }
}
