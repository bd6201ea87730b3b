package io.piccolo.gateway.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace folders of an editor: which one a file belongs to, and what their files hold. */
class WorkspaceTest {
  @TempDir Path dir;

  @Test
  void aFileBelongsToTheInnermostFolderHoldingItOrElseToItsOwnFolder() throws Exception {
    Path rules = dir.resolve("rules");
    Path camera = rules.resolve("camera");
    Path other = dir.resolve("other");
    Workspace workspace = new Workspace(List.of(rules, camera, other));
    assertEquals(camera, workspace.rootOf(camera.resolve("a/rear.drl")));
    assertEquals(rules, workspace.rootOf(rules.resolve("driving/speed.yaml")));
    assertEquals(other, workspace.rootOf(other.resolve("x.yaml")));
    Path loose = dir.resolve("loose/y.yaml");
    assertEquals(loose.getParent(), workspace.rootOf(loose));
  }

  @Test
  void sourcesAreEveryFolderAsOnDiskWithOpenFilesAsTypedAndNoCopies() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    Path b = Files.createDirectories(dir.resolve("b"));
    Files.writeString(a.resolve("one.drl"), "saved");
    Files.writeString(b.resolve("two.drl"), "two");
    Files.writeString(b.resolve("two.yaml"), "not asked for");
    Files.createDirectories(b.resolve("target"));
    Files.writeString(b.resolve("target/copy.drl"), "copy");
    Files.createDirectories(b.resolve(".hidden"));
    Files.writeString(b.resolve(".hidden/copy.drl"), "copy");
    String one = a.resolve("one.drl").toUri().toString();
    Map<String, String> sources =
        new Workspace(List.of(a, b))
            .sources(a.resolve("one.drl"), Map.of(one, "typed"), List.of(".drl"));
    assertEquals(Map.of(one, "typed", b.resolve("two.drl").toUri().toString(), "two"), sources);
  }
}
