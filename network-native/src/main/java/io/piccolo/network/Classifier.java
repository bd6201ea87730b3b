package io.piccolo.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The eBPF programs and their maps, loaded once and pinned under {@link #PIN}: tc attaches the
 * pinned programs by path, and the maps are read and written with bpftool. Map layouts follow
 * {@code pharos.bpf.c}: addresses are keys in network byte order, the rest in the CPU's.
 */
final class Classifier {
  static final Path BPF_FS = Path.of("/sys/fs/bpf");
  static final Path PIN = BPF_FS.resolve("piccolo-pharos");
  static final String PORT_PROGRAM = PIN.resolve("pharos_port").toString();
  static final String CLASSIFY_PROGRAM = PIN.resolve("pharos_classify").toString();
  private static final String HOSTS = PIN.resolve("maps/pharos_hosts").toString();
  private static final String USAGE = PIN.resolve("maps/pharos_usage").toString();
  private static final String DENY = PIN.resolve("maps/pharos_deny").toString();
  private static final List<String> BPFTOOL = List.of("bpftool");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one workload sent, summed over CPUs. */
  record Usage(long packets, long bytes, long drops, long droppedBytes) {}

  private Classifier() {}

  /** Mounts the BPF file system when it is not, and loads and pins the programs afresh. */
  static void load() throws KernelException {
    mountBpfFs();
    unload();
    Path object = extractObject();
    try {
      Commands.run(
          "bpftool",
          "prog",
          "loadall",
          object.toString(),
          PIN.toString(),
          "pinmaps",
          PIN.resolve("maps").toString());
    } catch (KernelException e) {
      throw new KernelException(
          "the kernel refused PHAROS's eBPF classifier (it needs eBPF tc programs, BTF and hash"
              + " maps): "
              + e.getMessage(),
          e);
    } finally {
      try {
        Files.deleteIfExists(object);
      } catch (IOException ignored) {
        // a temporary file left behind in the temp folder
      }
    }
  }

  /**
   * Unpins programs and maps; the kernel frees them once no tc filter holds them. Nothing of ours
   * then shows in {@code bpftool map}.
   */
  static void unload() throws KernelException {
    if (!Files.exists(PIN)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(PIN)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException | UncheckedIOException e) {
      throw new KernelException("could not unpin " + PIN + ": " + e.getMessage(), e);
    }
  }

  private static void mountBpfFs() throws KernelException {
    try {
      if (Files.readAllLines(Path.of("/proc/mounts")).stream()
          .anyMatch(l -> l.split(" ").length > 2 && l.split(" ")[1].equals(BPF_FS.toString()))) {
        return;
      }
    } catch (IOException e) {
      throw new KernelException("could not read /proc/mounts: " + e.getMessage(), e);
    }
    try {
      Commands.run("mount", "-t", "bpf", "bpf", BPF_FS.toString());
    } catch (KernelException e) {
      throw new KernelException(
          "the BPF file system is not mounted on "
              + BPF_FS
              + " and could not be (PHAROS runs as root): "
              + e.getMessage(),
          e);
    }
  }

  private static Path extractObject() throws KernelException {
    try (InputStream in = Classifier.class.getResourceAsStream("pharos.bpf.o")) {
      if (in == null) {
        throw new KernelException(
            "this build carries no eBPF classifier (pharos.bpf.o): clang or libbpf's headers"
                + " were missing when it was built; install them (scripts/install-pharos.sh) and"
                + " build again (./mvnw -B -q -DskipTests package -pl gateway -am)");
      }
      Path object = Files.createTempFile("pharos", ".bpf.o");
      Files.copy(in, object, StandardCopyOption.REPLACE_EXISTING);
      return object;
    } catch (IOException e) {
      throw new KernelException("could not write the eBPF object: " + e.getMessage(), e);
    }
  }

  static String hostEntry(int address, int minor, int net) {
    return "map update pinned "
        + HOSTS
        + " key hex "
        + hex(addressBytes(address))
        + " value hex "
        + hex(ints(minor, net));
  }

  /** Removes a workload's address and counters; counters exist only once it sent something. */
  static void removeHost(int address) throws KernelException {
    String key = hex(addressBytes(address));
    apply(List.of("map delete pinned " + HOSTS + " key hex " + key));
    try {
      apply(List.of("map delete pinned " + USAGE + " key hex " + key));
    } catch (KernelException e) {
      if (!e.getMessage().contains("No such file or directory")) {
        throw e;
      }
    }
  }

  static String denyEntry(int from, int to) {
    return "map update pinned " + DENY + " key hex " + hex(ints(from, to)) + " value hex 01";
  }

  static String allowEntry(int from, int to) {
    return "map delete pinned " + DENY + " key hex " + hex(ints(from, to));
  }

  static void apply(List<String> lines) throws KernelException {
    Commands.batch(BPFTOOL, lines);
  }

  /** Every source's counters, by address. */
  static Map<Integer, Usage> usage() throws KernelException {
    String out = Commands.run("bpftool", "-j", "map", "dump", "pinned", USAGE);
    Map<Integer, Usage> byAddress = new HashMap<>();
    try {
      for (JsonNode entry : JSON.readTree(out)) {
        byAddress.put(address(entry.path("key")), sum(entry.path("values")));
      }
    } catch (IOException e) {
      throw new KernelException("bpftool printed no JSON for the usage map: " + e.getMessage(), e);
    }
    return byAddress;
  }

  /** The address keys of the hosts map: what {@code bpftool map dump} shows of PHAROS. */
  static List<Integer> hosts() throws KernelException {
    String out = Commands.run("bpftool", "-j", "map", "dump", "pinned", HOSTS);
    List<Integer> keys = new ArrayList<>();
    try {
      for (JsonNode entry : JSON.readTree(out)) {
        keys.add(address(entry.path("key")));
      }
    } catch (IOException e) {
      throw new KernelException("bpftool printed no JSON for the hosts map: " + e.getMessage(), e);
    }
    return keys;
  }

  private static Usage sum(JsonNode perCpu) {
    long packets = 0;
    long bytes = 0;
    long drops = 0;
    long dropped = 0;
    for (JsonNode cpu : perCpu) {
      byte[] v = bytes(cpu.path("value"));
      ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.nativeOrder());
      packets += b.getLong(0);
      bytes += b.getLong(8);
      drops += b.getLong(16);
      dropped += b.getLong(24);
    }
    return new Usage(packets, bytes, drops, dropped);
  }

  private static int address(JsonNode key) {
    return ByteBuffer.wrap(bytes(key)).order(ByteOrder.BIG_ENDIAN).getInt();
  }

  private static byte[] bytes(JsonNode hexArray) {
    byte[] b = new byte[hexArray.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(hexArray.get(i).asText().substring(2), 16);
    }
    return b;
  }

  private static byte[] addressBytes(int address) {
    return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(address).array();
  }

  private static byte[] ints(int a, int b) {
    return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putInt(a).putInt(b).array();
  }

  private static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
    }
    return s.toString();
  }
}
