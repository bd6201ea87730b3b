import io.piccolo.connectors.files.RuleSet;
import io.piccolo.engine.rulebase.RuleBase;
import java.nio.file.Path;
import java.util.List;

/**
 * Rule files to a ready rule base inside one JVM, without the JVM's start: the first round is what
 * a command pays, the later ones show the code warmed up.
 *
 *   java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp 'gateway/target/piccolo.jar:gateway/target/lib/*' \
 *       scripts/ReadAndBuild.java FOLDER [ROUNDS]
 */
public final class ReadAndBuild {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    for (int round = 1; round <= rounds; round++) {
      long start = System.nanoTime();
      RuleSet set = RuleSet.load(List.of(Path.of(args[0])));
      long read = System.nanoTime();
      RuleBase base = set.builder().build();
      long built = System.nanoTime();
      System.out.printf(
          "round %d: %d scenarios, %d problems; read %.0f ms, build %.0f ms, together %.0f ms%n",
          round, set.scenarios().size(), set.problems().size(), (read - start) / 1e6,
          (built - read) / 1e6, (built - start) / 1e6);
      if (base == null) {
        throw new IllegalStateException("no rule base");
      }
    }
  }
}
