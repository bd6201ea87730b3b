package io.piccolo.network;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The classifier's deny map as the networks' isolation says: a pair of networks is denied unless
 * both sides admit it. Only the pairs that changed are written.
 */
final class Isolation {
  private final Set<List<Integer>> denied = new HashSet<>();

  void update(Collection<LiveNetwork> networks) throws KernelException {
    Set<List<Integer>> wanted = new HashSet<>();
    for (LiveNetwork a : networks) {
      for (LiveNetwork b : networks) {
        if (a != b && !a.spec.admits(b.spec)) {
          wanted.add(List.of(a.id, b.id));
        }
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<Integer> pair : wanted) {
      if (!denied.contains(pair)) {
        lines.add(Classifier.denyEntry(pair.get(0), pair.get(1)));
      }
    }
    for (List<Integer> pair : denied) {
      if (!wanted.contains(pair)) {
        lines.add(Classifier.allowEntry(pair.get(0), pair.get(1)));
      }
    }
    Classifier.apply(lines);
    denied.clear();
    denied.addAll(wanted);
  }

  /** The map is gone (the classifier was unloaded): nothing is denied. */
  void forget() {
    denied.clear();
  }
}
