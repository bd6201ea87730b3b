package io.piccolo.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * PHAROS's figures on the real kernel (root): time from a {@code qos} decision to the kernel
 * applying it, the classifier's cost on throughput between two namespaces, how long setting up a
 * workload takes as a network fills, and what reading the counters costs. Prints; checks that each
 * change it times took effect.
 */
public final class PharosBenchmark {
  private static final String NETWORK =
      """
      kind: Network
      metadata: {name: bench}
      spec:
        mode: bridge
        subnet: 10.210.0.0/22
        link: 10gbit
        classes:
          - {name: fast, priority: 0, rate: 100mbit}
          - {name: slow, priority: 5, rate: 10mbit}
      """;

  private PharosBenchmark() {}

  public static void main(String[] args) throws Exception {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 250;
    Fixtures f = new Fixtures(Duration.ofSeconds(1));
    f.start();
    f.apply(NETWORK);
    List<Kernel.Netns> namespaces = new ArrayList<>();
    try {
      namespaces.add(new Kernel.Netns("bench-0"));
      f.join(Fixtures.model("bench-0", "bench", "fast"));
      qosLatency(f);
      classifierCost(f);
      setupTimes(f, namespaces, workloads);
    } finally {
      for (Kernel.Netns ns : namespaces) {
        f.leave(ns.name);
        ns.close();
      }
      f.stop();
    }
  }

  private static void qosLatency(Fixtures f) throws Exception {
    long[] nanos = new long[100];
    String uplink = f.uplink("bench");
    for (int i = 0; i < nanos.length; i++) {
      String rate = (i % 2 == 0 ? 20 : 30) + "mbit";
      long start = System.nanoTime();
      if (!f.qos("bench-0", Map.of("bandwidth", rate)).succeeded()) {
        throw new IllegalStateException("qos failed");
      }
      nanos[i] = System.nanoTime() - start;
    }
    String classes = Kernel.run("tc", "class", "show", "dev", uplink);
    if (!classes.contains("rate 30Mbit ceil 30Mbit")) {
      throw new IllegalStateException("the last qos is not in the kernel: " + classes);
    }
    f.qos("bench-0", Map.of("class", "fast"));
    System.out.printf(
        "qos decision to kernel, 100 changes: p50 %.1f ms, p99 %.1f ms%n",
        percentile(nanos, 50) / 1e6, percentile(nanos, 99) / 1e6);
  }

  private static void classifierCost(Fixtures f) throws Exception {
    String uplink = f.uplink("bench");
    String port = f.port("bench-0");
    double[] with = new double[3];
    double[] without = new double[3];
    try (Kernel.IperfServer s = new Kernel.IperfServer(null, f.gateway("bench"), 5399)) {
      for (int i = 0; i < 3; i++) {
        with[i] = new Kernel.IperfClient("bench-0", s, 3).received();
        Kernel.run("tc", "filter", "del", "dev", uplink, "parent", "1:");
        Kernel.run("tc", "filter", "del", "dev", port, "ingress");
        without[i] = new Kernel.IperfClient("bench-0", s, 3).received();
        Kernel.run(
            "tc",
            "filter",
            "add",
            "dev",
            uplink,
            "parent",
            "1:",
            "bpf",
            "da",
            "object-pinned",
            Classifier.CLASSIFY_PROGRAM,
            "classid",
            "1:");
        Kernel.run(
            "tc",
            "filter",
            "add",
            "dev",
            port,
            "ingress",
            "bpf",
            "da",
            "object-pinned",
            Classifier.PORT_PROGRAM);
      }
    }
    Arrays.sort(with);
    Arrays.sort(without);
    System.out.printf(
        "throughput to the gateway through HTB (link 10gbit), median of 3 × 3 s: with the"
            + " classifier %.0f Mbit/s, without %.0f Mbit/s, ratio %.3f%n",
        with[1] / 1e6, without[1] / 1e6, with[1] / without[1]);
  }

  private static void setupTimes(Fixtures f, List<Kernel.Netns> namespaces, int workloads)
      throws Exception {
    List<Long> joins = new ArrayList<>();
    int firstOver = -1;
    for (int i = 1; i < workloads; i++) {
      String name = "bench-" + i;
      namespaces.add(new Kernel.Netns(name));
      long start = System.nanoTime();
      f.join(Fixtures.model(name, "bench", i % 2 == 0 ? "fast" : "slow"));
      long took = System.nanoTime() - start;
      joins.add(took);
      if (firstOver < 0 && took > 100_000_000) {
        firstOver = i + 1;
      }
      if (i == 1 || i == 49 || i == workloads - 1) {
        long readStart = System.nanoTime();
        Classifier.usage();
        System.out.printf(
            "  %d workloads: this join %.1f ms, reading every counter %.1f ms%n",
            i + 1, took / 1e6, (System.nanoTime() - readStart) / 1e6);
      }
    }
    long[] all = joins.stream().mapToLong(Long::longValue).toArray();
    System.out.printf(
        "joining workloads 2..%d onto one network: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %s%n",
        workloads,
        percentile(all, 50) / 1e6,
        percentile(all, 99) / 1e6,
        Arrays.stream(all).max().orElse(0) / 1e6,
        firstOver < 0
            ? "no join took over 100 ms"
            : "the first join over 100 ms was workload " + firstOver);
    long leaveStart = System.nanoTime();
    f.leave(namespaces.get(namespaces.size() - 1).name);
    System.out.printf(
        "leaving (veth, map entries): %.1f ms%n",
        TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - leaveStart) / 1e3);
  }

  private static double percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
