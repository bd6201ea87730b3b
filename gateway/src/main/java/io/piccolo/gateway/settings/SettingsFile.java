package io.piccolo.gateway.settings;

import io.piccolo.connectors.text.DidYouMean;
import io.piccolo.connectors.text.TextFiles;
import io.piccolo.connectors.yaml.Node;
import io.piccolo.connectors.yaml.YamlDocuments;
import io.piccolo.connectors.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads a settings file: YAML, one mapping, nested ({@code report: {decision-rows: 500}}) or with
 * dotted names ({@code report.decision-rows: 500}). Every unknown name and bad value is refused
 * with the file, line and field path, before the process does anything.
 */
public final class SettingsFile {
  /** Settings files are a few lines; anything this big is not one. */
  private static final long MAX_BYTES = 1 << 20;

  private SettingsFile() {}

  /** Where settings are read from when no file is named, if a file is there. */
  public static Path defaultLocation() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
    return base.resolve("piccolo").resolve("config.yaml");
  }

  /** The defaults, overlaid with the file's values. */
  public static Settings read(Path file) throws SettingsException {
    if (!Files.exists(file)) {
      throw new SettingsException(file + ": no such settings file");
    }
    if (Files.isDirectory(file)) {
      throw new SettingsException(file + ": is a folder; name the settings file itself");
    }
    String text;
    try {
      text = TextFiles.readUtf8(file, MAX_BYTES, "nothing (a settings file is small)");
    } catch (IOException e) {
      throw new SettingsException(e.getMessage());
    }
    List<YamlDocuments.Document> documents;
    try {
      documents = YamlDocuments.parse(text);
    } catch (YamlException e) {
      throw new SettingsException(file + ":" + e.line() + ":" + e.column() + ": " + e.getMessage());
    }
    Settings settings = Settings.defaults();
    if (documents.isEmpty()) {
      return settings;
    }
    if (documents.size() > 1) {
      throw new SettingsException(
          file + ":" + documents.get(1).line() + ": a settings file holds one document");
    }
    Node root = documents.get(0).root();
    if (!(root instanceof Node.MapNode map)) {
      throw new SettingsException(
          file
              + ":"
              + root.line()
              + ": expected a mapping of settings, e.g. report.decision-rows: 500");
    }
    return overlay(settings, file, "", map, new java.util.HashMap<>());
  }

  /**
   * @param written where each setting was already set, so one written twice (nested and dotted) is
   *     refused rather than the last one silently winning
   */
  private static Settings overlay(
      Settings settings, Path file, String prefix, Node.MapNode map, Map<String, Node> written)
      throws SettingsException {
    for (Map.Entry<String, Node> e : map.entries().entrySet()) {
      String name = prefix + e.getKey();
      Node node = e.getValue();
      Setting<?> setting = Settings.named(name);
      if (setting != null) {
        Node earlier = written.putIfAbsent(name, node);
        if (earlier != null) {
          throw new SettingsException(
              where(file, node)
                  + name
                  + ": set twice (first at line "
                  + earlier.line()
                  + "); keep one");
        }
        settings = set(settings, setting, node, file);
      } else if (node instanceof Node.MapNode nested && isGroup(name)) {
        settings = overlay(settings, file, name + ".", nested, written);
      } else {
        throw new SettingsException(
            where(file, node)
                + name
                + ": no such setting"
                + DidYouMean.hint(name, Settings.ALL.stream().map(Setting::name).toList())
                + "; `piccolo settings` lists them all");
      }
    }
    return settings;
  }

  private static <T> Settings set(Settings settings, Setting<T> setting, Node node, Path file)
      throws SettingsException {
    try {
      return settings.with(setting, setting.read(node), file + ":" + node.line());
    } catch (Setting.BadValue e) {
      Node at = e.at() != null ? e.at() : node;
      throw new SettingsException(
          where(file, at) + setting.name() + e.field() + ": " + e.getMessage());
    }
  }

  private static boolean isGroup(String name) {
    return Settings.ALL.stream().anyMatch(s -> s.name().startsWith(name + "."));
  }

  private static String where(Path file, Node node) {
    return file + ":" + node.line() + ":" + node.column() + ": ";
  }
}
