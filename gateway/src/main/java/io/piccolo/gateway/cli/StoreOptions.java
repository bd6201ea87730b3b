package io.piccolo.gateway.cli;

import io.piccolo.connectors.store.StateStore;
import io.piccolo.connectors.store.StateStores;
import io.piccolo.connectors.store.StoreException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --etcd URL} selects etcd; without it, a local store file under the user's data folder. */
final class StoreOptions {
  @Option(
      names = "--etcd",
      paramLabel = "URL",
      description =
          "etcd to store artifacts in, e.g. http://127.0.0.1:2379 (default: a local file)")
  String etcd;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description =
          "the local store file when no --etcd is given (default: ${XDG_DATA_HOME:-~/.local/share}/piccolo/store.json)")
  Path file;

  StateStore open() {
    if (etcd != null) {
      try {
        return etcd(etcd);
      } catch (StoreException e) {
        throw new UserError(1, e.getMessage());
      }
    }
    try {
      return StateStores.file(file != null ? file : StateStores.defaultFile());
    } catch (StoreException e) {
      throw new UserError(UserError.BAD_INPUT, e.getMessage());
    }
  }

  /** etcd at a URL given with {@code --etcd}: a malformed one is bad input. */
  static StateStore etcd(String url) throws StoreException {
    if (!StateStores.isEtcdUrl(url)) {
      throw new UserError(
          UserError.BAD_INPUT,
          "--etcd '" + url + "' is not an etcd URL such as http://127.0.0.1:2379");
    }
    return StateStores.etcd(url);
  }

  String describe() {
    return etcd != null
        ? "etcd at " + etcd
        : "local store " + (file != null ? file : StateStores.defaultFile());
  }
}
