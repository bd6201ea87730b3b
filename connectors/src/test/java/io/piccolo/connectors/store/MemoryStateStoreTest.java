package io.piccolo.connectors.store;

class MemoryStateStoreTest extends StateStoreContract {
  @Override
  StateStore store() {
    return StateStores.inMemory();
  }
}
