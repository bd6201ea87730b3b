package io.piccolo.connectors.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.piccolo.engine.state.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State transitions in etcd, many per transaction. etcd allows one put per key in a transaction, so
 * the k-th change of each key goes in the k-th transaction, keeping each key's order. A transaction
 * compares the revision each key had when this store last saw it (its own last write, usually) and
 * reads the keys back when that fails, in the same round trip: with no other writer, a batch costs
 * one round trip and one fsync per transaction.
 */
final class EtcdTransitions {
  /** etcd's default {@code --max-txn-ops}. */
  static final int MAX_TXN_OPS = 128;

  private static final int ATTEMPTS = 30;

  /** A key as last seen: its raw value (null when absent) and mod revision (0 when absent). */
  private record Seen(String value, long modRevision) {
    static final Seen ABSENT = new Seen(null, 0);
  }

  private final KV kv;
  private final EtcdStateStore store;
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  EtcdTransitions(KV kv, EtcdStateStore store) {
    this.kv = kv;
    this.store = store;
  }

  List<Transition> write(List<StateChange> changes) throws StoreException {
    Transition[] out = new Transition[changes.size()];
    for (List<Integer> round : rounds(changes)) {
      for (int from = 0; from < round.size(); from += MAX_TXN_OPS) {
        writeRound(changes, round.subList(from, Math.min(round.size(), from + MAX_TXN_OPS)), out);
      }
    }
    return Arrays.asList(out);
  }

  /** Indexes of changes, the k-th change of each key in round k. */
  static List<List<Integer>> rounds(List<StateChange> changes) {
    Map<String, Integer> perKey = new HashMap<>();
    List<List<Integer>> rounds = new ArrayList<>();
    for (int i = 0; i < changes.size(); i++) {
      int round = perKey.merge(changes.get(i).key(), 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(i);
    }
    return rounds;
  }

  /** Changes of distinct keys, as one transaction (retried while only revisions moved). */
  private void writeRound(List<StateChange> changes, List<Integer> round, Transition[] out)
      throws StoreException {
    List<Integer> pending = new ArrayList<>();
    Set<String> fresh = new HashSet<>();
    List<String> unknown = new ArrayList<>();
    for (int i : round) {
      StateChange c = changes.get(i);
      boolean rejected = StateMachine.reject(c.kind(), c.from(), c.to()).isPresent();
      if (rejected || !seen.containsKey(c.key())) {
        unknown.add(c.key());
      }
      if (!rejected) {
        pending.add(i);
      }
    }
    read(unknown, fresh);
    for (int i : round) {
      StateChange c = changes.get(i);
      Optional<String> invalid = StateMachine.reject(c.kind(), c.from(), c.to());
      if (invalid.isPresent()) {
        out[i] = new Transition(Transition.Outcome.REJECTED, current(c), invalid.get());
      }
    }
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      // what this store saw may be out of date: read before calling anything a conflict
      read(
          pending.stream()
              .map(changes::get)
              .filter(c -> !Objects.equals(current(c), c.from()) && !fresh.contains(c.key()))
              .map(StateChange::key)
              .toList(),
          fresh);
      for (var it = pending.iterator(); it.hasNext(); ) {
        int i = it.next();
        StateChange c = changes.get(i);
        String current = current(c);
        if (!Objects.equals(current, c.from())) {
          out[i] =
              new Transition(
                  Transition.Outcome.CONFLICT,
                  current,
                  "the state is " + current + ", not " + c.from());
          it.remove();
        }
      }
      if (pending.isEmpty()) {
        return;
      }
      TxnResponse response = commit(pending.stream().map(changes::get).toList());
      if (response.isSucceeded()) {
        long revision = response.getHeader().getRevision();
        for (int i : pending) {
          StateChange c = changes.get(i);
          seen.put(c.key(), new Seen(c.kind().storedValue(c.to()), revision));
          out[i] = new Transition(Transition.Outcome.APPLIED, c.to(), null);
        }
        return;
      }
      List<GetResponse> now = response.getGetResponses();
      for (int k = 0; k < pending.size(); k++) {
        String key = changes.get(pending.get(k)).key();
        remember(key, now.get(k));
        fresh.add(key);
      }
    }
    throw new StoreException(
        store.endpoint() + ": other writers kept changing these states; try again");
  }

  /** If every key is as last seen, put every new state; else read them all back. */
  private TxnResponse commit(List<StateChange> changes) throws StoreException {
    Cmp[] unchanged = new Cmp[changes.size()];
    Op[] puts = new Op[changes.size()];
    Op[] gets = new Op[changes.size()];
    for (int k = 0; k < changes.size(); k++) {
      StateChange c = changes.get(k);
      ByteSequence key = bytes(c.key());
      long revision = seen.getOrDefault(c.key(), Seen.ABSENT).modRevision();
      // compare revisions, not text: another writer may spell the same state differently
      unchanged[k] =
          revision == 0
              ? new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
              : new Cmp(key, Cmp.Op.EQUAL, CmpTarget.modRevision(revision));
      puts[k] = Op.put(key, bytes(c.kind().storedValue(c.to())), PutOption.DEFAULT);
      gets[k] = Op.get(key, GetOption.DEFAULT);
    }
    return store.await(kv.txn().If(unchanged).Then(puts).Else(gets).commit());
  }

  /** Reads keys in one round trip, remembering what they hold. */
  private void read(List<String> keys, Set<String> fresh) throws StoreException {
    for (int from = 0; from < keys.size(); from += MAX_TXN_OPS) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + MAX_TXN_OPS));
      Op[] gets = chunk.stream().map(k -> Op.get(bytes(k), GetOption.DEFAULT)).toArray(Op[]::new);
      List<GetResponse> answers = store.await(kv.txn().Then(gets).commit()).getGetResponses();
      for (int k = 0; k < chunk.size(); k++) {
        remember(chunk.get(k), answers.get(k));
        fresh.add(chunk.get(k));
      }
    }
  }

  private void remember(String key, GetResponse answer) {
    List<KeyValue> kvs = answer.getKvs();
    seen.put(
        key,
        kvs.isEmpty()
            ? Seen.ABSENT
            : new Seen(kvs.get(0).getValue().toString(UTF_8), kvs.get(0).getModRevision()));
  }

  /** The state last seen, in lower case; null when none is recorded. */
  private String current(StateChange c) {
    String raw = seen.getOrDefault(c.key(), Seen.ABSENT).value();
    return raw == null ? null : c.kind().stateOf(raw);
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }
}
