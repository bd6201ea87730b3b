package io.piccolo.connectors.store;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An etcd client URL, and a check that something listens there. gRPC keeps retrying a refused
 * connection until the request's timeout, so without the check a stopped etcd would cost the whole
 * timeout before saying so.
 */
final class EtcdEndpoint {
  /** etcd's client port, for a URL that names none. */
  static final int DEFAULT_PORT = 2379;

  /** How long the check waits for a connection; a silent peer is left to the request timeout. */
  static final int CONNECT_CHECK_MILLIS = 1_000;

  private static final Pattern URL =
      Pattern.compile("(https?)://(\\[[0-9a-fA-F:.]+\\]|[^/\\s:\\[\\]]+)(?::(\\d{1,5}))?/?");

  private final String url;
  private final String host;
  private final int port;

  private EtcdEndpoint(String url, String host, int port) {
    this.url = url;
    this.host = host;
    this.port = port;
  }

  /** The endpoint, or null when {@code text} is not an etcd URL such as http://127.0.0.1:2379. */
  static EtcdEndpoint parse(String text) {
    Matcher m = URL.matcher(text);
    if (!m.matches()) {
      return null;
    }
    int port = m.group(3) == null ? DEFAULT_PORT : Integer.parseInt(m.group(3));
    if (port < 1 || port > 65_535) {
      return null;
    }
    String host = m.group(2);
    return new EtcdEndpoint(m.group(1) + "://" + host + ":" + port, host, port);
  }

  /** The URL with its port spelled out, as the client is given it. */
  String url() {
    return url;
  }

  /**
   * Fails at once when the host is unknown or its port refuses connections; returns when the port
   * accepts, or when the host stays silent (the request's own timeout then applies).
   */
  void checkListening(String shownAs) throws StoreException {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(bare, port), CONNECT_CHECK_MILLIS);
    } catch (ConnectException e) {
      throw new StoreException(
          shownAs + ": connection refused: nothing listens on port " + port + "; is etcd running?",
          e);
    } catch (UnknownHostException e) {
      throw new StoreException(shownAs + ": unknown host " + bare, e);
    } catch (SocketTimeoutException e) {
      // a silent peer: the request timeout decides
    } catch (IOException e) {
      throw new StoreException(shownAs + ": cannot connect: " + e.getMessage(), e);
    }
  }

  static boolean isUrl(String text) {
    return parse(text) != null;
  }
}
