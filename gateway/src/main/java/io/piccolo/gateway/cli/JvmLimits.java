package io.piccolo.gateway.cli;

import io.piccolo.gateway.settings.Settings;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What to tell a user when the JVM itself gave out: the heap or the stack ran out (an input too
 * large or nested too deep for the JVM's settings: exit code 2, with what to raise), or the
 * installation is broken (a missing or mismatched class: rebuild).
 */
final class JvmLimits {
  private JvmLimits() {}

  static int report(Error e, PrintWriter err) {
    if (e instanceof OutOfMemoryError oom) {
      err.println("piccolo: " + outOfMemory(oom));
      return UserError.BAD_INPUT;
    }
    if (e instanceof StackOverflowError) {
      err.println(
          "piccolo: the input is nested too deeply for the thread stack (it overflowed while the"
              + " input was read or compiled); nest it less deeply (docs/rule-authoring.md lists"
              + " the limits for rules), or give the JVM a larger stack with"
              + " PICCOLO_JAVA_OPTS=-Xss16m");
      return UserError.BAD_INPUT;
    }
    err.println("piccolo: internal error: " + e);
    err.println("(rebuild with ./mvnw -B package -DskipTests; set PICCOLO_DEBUG=1 for details)");
    return 1;
  }

  private static String outOfMemory(OutOfMemoryError e) {
    String what = String.valueOf(e.getMessage());
    if (what.contains("Metaspace")) {
      return "out of memory: the JVM's class space (Metaspace) is full; raise it with"
          + " PICCOLO_JAVA_OPTS=-XX:MaxMetaspaceSize=1g";
    }
    if (what.contains("Direct buffer")) {
      return "out of memory: the JVM's direct buffer memory is full; raise it with"
          + " PICCOLO_JAVA_OPTS=-XX:MaxDirectMemorySize=1g";
    }
    if (what.contains("native thread")) {
      return "out of memory: the system refused another thread (" + what + ")";
    }
    long max = Runtime.getRuntime().maxMemory();
    return "out of memory: the Java heap is full (its maximum is "
        + mib(max)
        + "); give it more with PICCOLO_JAVA_OPTS=-Xmx"
        + Math.max(512, 2 * (max >> 20))
        + "m, or have large inputs refused before they are read by lowering the setting "
        + Settings.TEXT_FILE_SIZE.name()
        + " (default "
        + Settings.TEXT_FILE_SIZE.format(Settings.TEXT_FILE_SIZE.defaultValue())
        + "; rule, artifact and spec files up to that size are read whole)";
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%d MiB", bytes >> 20);
  }
}
