package io.piccolo.engine.index;

/** A compiled condition tree node; leaves read their cached truth, so evaluation never parses. */
interface Node {
  boolean eval();

  record LeafNode(Leaf leaf) implements Node {
    @Override
    public boolean eval() {
      return leaf.holds;
    }
  }

  record AllNode(Node[] items) implements Node {
    @Override
    public boolean eval() {
      for (Node n : items) {
        if (!n.eval()) {
          return false;
        }
      }
      return true;
    }
  }

  record AnyNode(Node[] items) implements Node {
    @Override
    public boolean eval() {
      for (Node n : items) {
        if (n.eval()) {
          return true;
        }
      }
      return false;
    }
  }

  record NoneNode(Node[] items) implements Node {
    @Override
    public boolean eval() {
      for (Node n : items) {
        if (n.eval()) {
          return false;
        }
      }
      return true;
    }
  }
}
