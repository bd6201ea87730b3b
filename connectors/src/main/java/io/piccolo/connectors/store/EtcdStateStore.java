package io.piccolo.connectors.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.piccolo.connectors.artifact.Artifact;
import io.piccolo.engine.state.ResourceKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Artifacts in etcd, in Pullpiri's layout: the current version as YAML under {@code Kind/name}.
 * Earlier versions live under {@code /piccolo/history/Kind/name/VERSION} and the last version
 * number under {@code /piccolo/version/Kind/name}. Every change is one transaction that compares
 * the version counters it read, so two writers never lose each other's update.
 */
final class EtcdStateStore implements StateStore {
  private static final System.Logger LOG = System.getLogger(EtcdStateStore.class.getName());

  private static final String HISTORY_PREFIX = "/piccolo/history/";
  private static final String VERSION_PREFIX = "/piccolo/version/";
  private static final int ATTEMPTS = 30;

  private final String endpoint;
  private final Client client;
  private final KV kv;
  private final long timeoutMillis;
  private final EtcdTransitions transitions;

  /**
   * @param endpoint the URL as given, for messages
   * @param url the URL with its port spelled out
   */
  EtcdStateStore(String endpoint, String url, long timeoutMillis) {
    this.endpoint = endpoint;
    this.client = Client.builder().endpoints(url).build();
    this.kv = client.getKVClient();
    this.timeoutMillis = timeoutMillis;
    this.transitions = new EtcdTransitions(kv, this);
  }

  @Override
  public List<StoredArtifact> apply(List<Artifact> artifacts) throws StoreException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      List<Cmp> unchanged = new ArrayList<>();
      List<Op> writes = new ArrayList<>();
      List<StoredArtifact> stored = new ArrayList<>();
      for (Artifact a : artifacts) {
        VersionCounter counter = counter(a.key());
        long version = counter.last() + 1;
        // the version this transaction writes, so it is what a reader sees only if it commits
        stored.add(new StoredArtifact(a.kind(), a.name(), version, a.document()));
        String yaml = ArtifactYaml.yaml(a.document());
        unchanged.add(counter.unchanged());
        writes.add(Op.put(bytes(a.key()), bytes(yaml), PutOption.DEFAULT));
        writes.add(Op.put(bytes(historyKey(a.key(), version)), bytes(yaml), PutOption.DEFAULT));
        writes.add(Op.put(counter.key(), bytes(Long.toString(version)), PutOption.DEFAULT));
        if (version > HISTORY + 1) {
          writes.add(
              Op.delete(bytes(historyKey(a.key(), version - HISTORY - 1)), DeleteOption.DEFAULT));
        }
      }
      if (commit(unchanged, writes)) {
        return stored;
      }
      backOff(attempt);
    }
    throw new StoreException(
        endpoint + ": other writers kept changing these artifacts; nothing was applied, try again");
  }

  @Override
  public List<ArtifactRef> delete(List<ArtifactRef> refs) throws StoreException {
    List<ArtifactRef> stored = new ArrayList<>();
    List<Cmp> present = new ArrayList<>();
    List<Op> deletes = new ArrayList<>();
    for (ArtifactRef ref : refs) {
      KeyValue current = single(ref.key());
      if (current == null) {
        continue;
      }
      stored.add(ref);
      present.add(
          new Cmp(bytes(ref.key()), Cmp.Op.EQUAL, CmpTarget.modRevision(current.getModRevision())));
      deletes.add(Op.delete(bytes(ref.key()), DeleteOption.DEFAULT));
      deletes.add(
          Op.delete(
              historyStart(ref.key()),
              DeleteOption.builder().withRange(historyEnd(ref.key())).build()));
    }
    if (!deletes.isEmpty() && !commit(present, deletes)) {
      throw new StoreException(
          endpoint + ": these artifacts changed while deleting; nothing was deleted, try again");
    }
    return stored;
  }

  @Override
  public Optional<StoredArtifact> get(ArtifactRef ref) throws StoreException {
    KeyValue kv = single(ref.key());
    if (kv == null) {
      return Optional.empty();
    }
    return Optional.of(stored(ref, counter(ref.key()).last(), kv));
  }

  @Override
  public List<StoredArtifact> list(String kind) throws StoreException {
    GetResponse all = await(kv.get(bytes(kind + "/"), GetOption.builder().isPrefix(true).build()));
    List<StoredArtifact> out = new ArrayList<>();
    for (KeyValue kv : all.getKvs()) {
      String key = kv.getKey().toString(UTF_8);
      ArtifactRef ref = new ArtifactRef(kind, key.substring(kind.length() + 1));
      long version = counter(key).last();
      try {
        out.add(stored(ref, version, kv));
      } catch (StoreException e) {
        // written by another tool: listed as the text it holds, so one bad value hides nothing
        // else, and whoever reads it as an artifact sees it does not read
        out.add(
            new StoredArtifact(
                ref.kind(),
                ref.name(),
                version,
                com.fasterxml.jackson.databind.node.TextNode.valueOf(
                    kv.getValue().toString(UTF_8))));
      }
    }
    out.sort(Comparator.comparing(StoredArtifact::name));
    return out;
  }

  @Override
  public List<StoredArtifact> history(ArtifactRef ref) throws StoreException {
    if (single(ref.key()) == null) {
      return List.of();
    }
    String prefix = HISTORY_PREFIX + ref.key() + "/";
    GetResponse all =
        await(
            kv.get(
                historyStart(ref.key()),
                GetOption.builder().withRange(historyEnd(ref.key())).build()));
    List<StoredArtifact> out = new ArrayList<>();
    for (KeyValue kv : all.getKvs()) {
      String version = kv.getKey().toString(UTF_8).substring(prefix.length());
      if (version.matches("\\d{20}")) {
        out.add(stored(ref, Long.parseLong(version), kv));
      }
    }
    out.sort(Comparator.comparingLong(StoredArtifact::version).reversed());
    return out;
  }

  @Override
  public StoredArtifact rollback(ArtifactRef ref) throws StoreException {
    List<StoredArtifact> past = history(ref);
    if (past.size() < 2) {
      throw new StoreException(ref + " has no earlier version to roll back to");
    }
    StoredArtifact previous = past.get(1);
    return apply(List.of(Artifact.of(ref.kind(), ref.name(), previous.document()))).get(0);
  }

  /** Another writer won the race: wait a little, randomly, so the next attempt likely wins. */
  private static void backOff(int attempt) throws StoreException {
    long maxMillis = Math.min(100, 1L << Math.min(attempt, 7));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while retrying", e);
    }
  }

  /**
   * An etcd watch on the kind's prefix; each change (and a reconnection, which jetcd resumes) leads
   * to a fresh listing, so a callback always sees the whole current set.
   */
  @Override
  public Watch watch(String kind, Consumer<List<StoredArtifact>> current) throws StoreException {
    return watchPrefix(kind + "/", kind, () -> current.accept(list(kind)));
  }

  @Override
  public Watch watchStates(ResourceKind kind, Consumer<Map<String, String>> current)
      throws StoreException {
    return watchPrefix(kind.stateKeyPrefix(), kind.name(), () -> current.accept(states(kind)));
  }

  @Override
  public Map<String, String> states(ResourceKind kind) throws StoreException {
    GetResponse all =
        await(kv.get(bytes(kind.stateKeyPrefix()), GetOption.builder().isPrefix(true).build()));
    Map<String, String> out = new TreeMap<>();
    for (KeyValue kv : all.getKvs()) {
      String name = kind.nameOf(kv.getKey().toString(UTF_8));
      if (name != null) {
        out.put(name, kind.stateOf(kv.getValue().toString(UTF_8)));
      }
    }
    return out;
  }

  /** What a watched listing does; it may fail while etcd is away. */
  private interface Listing {
    void run() throws StoreException;
  }

  /**
   * An etcd watch on a prefix; each change (and a reconnection, which jetcd resumes) leads to a
   * fresh listing, so a callback always sees the whole current set.
   */
  private Watch watchPrefix(String prefix, String name, Listing listing) throws StoreException {
    ScheduledExecutorService lister =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "piccolo-watch-" + name);
              t.setDaemon(true);
              return t;
            });
    Relist relist = new Relist(name, listing, lister);
    io.etcd.jetcd.Watch.Watcher watcher = null;
    try {
      // watch from just after the revision the first listing may see, so no change slips between
      long revision =
          await(
                  kv.get(
                      bytes(prefix),
                      GetOption.builder().isPrefix(true).withCountOnly(true).build()))
              .getHeader()
              .getRevision();
      watcher =
          client
              .getWatchClient()
              .watch(
                  bytes(prefix),
                  WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(),
                  io.etcd.jetcd.Watch.listener(response -> relist.soon()));
      listing.run();
    } catch (StoreException | RuntimeException e) {
      if (watcher != null) {
        watcher.close();
      }
      lister.shutdownNow(); // nothing is left running for a watch that never started
      throw e;
    }
    io.etcd.jetcd.Watch.Watcher started = watcher;
    return () -> {
      started.close();
      lister.shutdownNow();
    };
  }

  /**
   * A fresh listing after a change; one that fails (etcd away) is logged and tried again with
   * backoff until it succeeds, so a watch never stops following the store.
   */
  private static final class Relist {
    private static final long FIRST_RETRY_MS = 250;
    private static final long LAST_RETRY_MS = 10_000;

    private final String name;
    private final Listing listing;
    private final ScheduledExecutorService lister;
    private long retryMs = FIRST_RETRY_MS;

    Relist(String name, Listing listing, ScheduledExecutorService lister) {
      this.name = name;
      this.listing = listing;
      this.lister = lister;
    }

    void soon() {
      try {
        lister.execute(this::run);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // the watch was closed
      }
    }

    private void run() {
      try {
        listing.run();
        retryMs = FIRST_RETRY_MS;
      } catch (StoreException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING,
            "watching " + name + ": " + e.getMessage() + "; trying again in " + retryMs + " ms");
        try {
          lister.schedule(this::run, retryMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
          return;
        }
        retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
      }
    }
  }

  @Override
  public Optional<String> state(ResourceKind kind, String name) throws StoreException {
    KeyValue kv = single(kind.stateKey(name));
    return kv == null ? Optional.empty() : Optional.of(kind.stateOf(kv.getValue().toString(UTF_8)));
  }

  @Override
  public Transition transition(ResourceKind kind, String name, String from, String to)
      throws StoreException {
    return transitions.write(List.of(new StateChange(kind, name, from, to))).get(0);
  }

  @Override
  public List<Transition> transitions(List<StateChange> changes) throws StoreException {
    return transitions.write(changes);
  }

  private record VersionCounter(ByteSequence key, long last, long modRevision) {
    Cmp unchanged() {
      return new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision));
    }
  }

  private VersionCounter counter(String artifactKey) throws StoreException {
    ByteSequence key = bytes(VERSION_PREFIX + artifactKey);
    KeyValue kv = single(VERSION_PREFIX + artifactKey);
    return kv == null
        ? new VersionCounter(key, 0, 0)
        : new VersionCounter(
            key, Long.parseLong(kv.getValue().toString(UTF_8)), kv.getModRevision());
  }

  private boolean commit(List<Cmp> conditions, List<Op> writes) throws StoreException {
    return await(
            kv.txn().If(conditions.toArray(Cmp[]::new)).Then(writes.toArray(Op[]::new)).commit())
        .isSucceeded();
  }

  private KeyValue single(String key) throws StoreException {
    List<KeyValue> kvs = await(kv.get(bytes(key))).getKvs();
    return kvs.isEmpty() ? null : kvs.get(0);
  }

  private static StoredArtifact stored(ArtifactRef ref, long version, KeyValue kv)
      throws StoreException {
    return new StoredArtifact(
        ref.kind(), ref.name(), version, ArtifactYaml.parse(kv.getValue().toString(UTF_8)));
  }

  /**
   * An artifact's versions are the keys from {@code .../NAME/0} up to {@code .../NAME/:} (':'
   * follows '9'): only numbers, never the history of an artifact named {@code NAME/x}, which a
   * store written before names were checked may hold.
   */
  private static ByteSequence historyStart(String artifactKey) {
    return bytes(HISTORY_PREFIX + artifactKey + "/0");
  }

  private static ByteSequence historyEnd(String artifactKey) {
    return bytes(HISTORY_PREFIX + artifactKey + "/:");
  }

  private static String historyKey(String artifactKey, long version) {
    return HISTORY_PREFIX + artifactKey + "/" + String.format("%020d", version);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }

  String endpoint() {
    return endpoint;
  }

  <T> T await(CompletableFuture<T> future) throws StoreException {
    try {
      return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreException(
          endpoint + ": etcd did not answer within " + timeoutMillis + " ms; is it running?", e);
    } catch (ExecutionException e) {
      throw new StoreException(endpoint + ": etcd: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException(endpoint + ": interrupted", e);
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
