package io.piccolo.adapters.bluechi;

import io.piccolo.adapters.TransientFailure;
import io.piccolo.adapters.bluechi.dbus.BlueChiController;
import io.piccolo.adapters.bluechi.dbus.BlueChiMonitor;
import io.piccolo.adapters.bluechi.dbus.BlueChiNode;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.errors.NoReply;
import org.freedesktop.dbus.errors.ServiceUnknown;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * One connection to BlueChi's controller on D-Bus at a time: made when first needed, remade after
 * it is lost (at once when asked for, and in the background with backoff while the executor runs,
 * so state changes resume without waiting for work). Calls are asynchronous with a timeout each; a
 * lost connection fails every call and job still waiting, as a {@link TransientFailure}.
 */
final class BlueChiBus {
  private static final Duration FIRST_RECONNECT = Duration.ofMillis(100);
  private static final Duration LAST_RECONNECT = Duration.ofSeconds(5);

  /** What the executor hears of the connection. */
  interface Listener {
    /** A new connection is up, with its own monitor: subscriptions must be made again. */
    void connected(Session session);

    void unitStateChanged(BlueChiMonitor.UnitStateChanged signal);
  }

  /**
   * One connection with its controller, the node objects used on it, and the monitor of the
   * controller now on the bus (a controller that restarts closes its monitors: a new one is made).
   */
  final class Session {
    final DBusConnection dbus;
    final BlueChiController controller;
    private final Map<String, BlueChiNode> nodes = new ConcurrentHashMap<>();
    private volatile BlueChiMonitor monitor;
    private volatile String monitorPath = "";
    private volatile boolean controllerLeft;

    private Session(DBusConnection dbus, BlueChiController controller) {
      this.dbus = dbus;
      this.controller = controller;
    }

    BlueChiMonitor monitor() {
      return monitor;
    }

    /** Makes a monitor on the controller now on the bus; blocks for the call. */
    private void createMonitor() throws DBusException {
      String path = controller.createMonitor().getPath();
      monitor = dbus.getRemoteObject(BlueChiController.BUS_NAME, path, BlueChiMonitor.class);
      monitorPath = path;
    }

    BlueChiNode node(String objectPath) {
      return nodes.computeIfAbsent(
          objectPath,
          path -> {
            try {
              return dbus.getRemoteObject(BlueChiController.BUS_NAME, path, BlueChiNode.class);
            } catch (DBusException e) {
              throw new DBusExecutionException("'" + path + "' is not a node object path", e);
            }
          });
    }

    /** Calls {@code method} (its Java name) on {@code remote}, within the call timeout. */
    <T> CompletableFuture<T> call(
        String what, DBusInterface remote, String method, Object... args) {
      CompletableFuture<T> answer = new CompletableFuture<>();
      inFlight.add(answer);
      try {
        dbus.callWithCallback(
            remote,
            method,
            new CallbackHandler<T>() {
              @Override
              public void handle(T reply) {
                answer.complete(reply);
              }

              @Override
              public void handleError(DBusExecutionException error) {
                answer.completeExceptionally(error);
              }
            },
            args);
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
      return answer
          .orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .handle(
              (reply, error) -> {
                inFlight.remove(answer);
                if (error == null) {
                  return reply;
                }
                Throwable cause = classify(what, error);
                if (cause instanceof TransientFailure) {
                  throw new CompletionException(cause);
                }
                throw new CompletionException(new WorkRefused(what + ": " + message(cause)));
              });
    }
  }

  private final String address;
  private final Duration callTimeout;
  private final JobResults jobs;
  private final Listener listener;
  private final ScheduledExecutorService scheduler;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile Session current;
  private CompletableFuture<Session> connecting;
  private volatile boolean reconnecting;
  private volatile boolean closed;

  BlueChiBus(
      String address,
      Duration callTimeout,
      JobResults jobs,
      Listener listener,
      ScheduledExecutorService scheduler) {
    this.address = address;
    this.callTimeout = callTimeout;
    this.jobs = jobs;
    this.listener = listener;
    this.scheduler = scheduler;
  }

  String address() {
    return address;
  }

  /** The connection, made now if there is none; fails with a {@link TransientFailure}. */
  CompletableFuture<Session> session() {
    Session session = current;
    if (session != null && session.dbus.isConnected()) {
      return CompletableFuture.completedFuture(session);
    }
    if (session != null) {
      // gone without dbus-java telling: fail what waits on it, as a told loss does
      lost(session);
    }
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new TransientFailure("the BlueChi executor is stopped"));
      }
      CompletableFuture<Session> attempt = connecting;
      if (attempt == null) {
        CompletableFuture<Session> started =
            CompletableFuture.supplyAsync(this::connect, scheduler)
                .orTimeout(callTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        attempt = started;
        connecting = started;
        started.whenComplete(
            (s, e) -> {
              synchronized (this) {
                if (connecting == started) {
                  connecting = null;
                }
              }
            });
      }
      return attempt.handle(
          (s, e) -> {
            if (e != null) {
              throw new CompletionException(classify("connecting to BlueChi", e));
            }
            return s;
          });
    }
  }

  private Session connect() {
    DBusConnection dbus = null;
    try {
      SessionHolder holder = new SessionHolder();
      dbus =
          DBusConnectionBuilder.forAddress(address)
              .withShared(false)
              .withDisconnectCallback(holder)
              // one attempt: dbus-java would otherwise retry a refused socket for 10 s
              .transportConfig()
              .withTimeout(1)
              .back()
              .build();
      dbus.addSigHandler(
          BlueChiController.JobRemoved.class,
          s -> {
            if (BlueChiController.OBJECT_PATH.equals(s.getPath())) {
              jobs.removed(s.job().getPath(), s.result());
            }
          });
      BlueChiController controller =
          dbus.getRemoteObject(
              BlueChiController.BUS_NAME, BlueChiController.OBJECT_PATH, BlueChiController.class);
      Session session = new Session(dbus, controller);
      dbus.addSigHandler(
          BlueChiMonitor.UnitStateChanged.class,
          s -> {
            if (session.monitorPath.equals(s.getPath())) {
              listener.unitStateChanged(s);
            }
          });
      dbus.addSigHandler(
          DBus.NameOwnerChanged.class,
          s -> {
            if (BlueChiController.BUS_NAME.equals(s.name)) {
              controllerChanged(session, s.oldOwner, s.newOwner);
            }
          });
      session.createMonitor();
      holder.session = session;
      current = session;
      listener.connected(session);
      return session;
    } catch (DBusException | DBusExecutionException e) {
      if (dbus != null) {
        dbus.disconnect();
      }
      throw new CompletionException(classify("connecting to BlueChi", e));
    }
  }

  /** Tells of this connection's loss, once. */
  private final class SessionHolder implements IDisconnectCallback {
    private volatile Session session;

    @Override
    public void disconnectOnError(IOException error) {
      lost(session);
    }

    @Override
    public void exceptionOnTerminate(IOException error) {
      lost(session);
    }
  }

  /**
   * BlueChi's controller left the bus or came (back): the jobs it had queued will not be told, and
   * the monitor it had is gone with it.
   */
  private void controllerChanged(Session session, String oldOwner, String newOwner) {
    if (!oldOwner.isEmpty()) {
      TransientFailure failure =
          new TransientFailure(
              "BlueChi's controller left the D-Bus at " + address + " before it answered");
      jobs.failAll(failure);
      Set.copyOf(inFlight).forEach(call -> call.completeExceptionally(failure));
      session.monitorPath = "";
      session.controllerLeft = true;
    }
    // a controller that came while this connection was made has its monitor already
    if (newOwner.isEmpty() || !session.controllerLeft || closed) {
      return;
    }
    session.controllerLeft = false;
    scheduler.execute(
        () -> {
          try {
            session.createMonitor();
            listener.connected(session);
          } catch (DBusException | DBusExecutionException e) {
            // gone again already: the next change of owner tries again
          }
        });
  }

  private void lost(Session session) {
    synchronized (this) {
      if (session == null || current != session) {
        return;
      }
      current = null;
    }
    TransientFailure failure =
        new TransientFailure("the D-Bus connection to BlueChi at " + address + " was lost");
    jobs.failAll(failure);
    for (CompletableFuture<?> call : Set.copyOf(inFlight)) {
      call.completeExceptionally(failure);
    }
    reconnect(FIRST_RECONNECT);
  }

  /** Connects in the background, trying again with backoff until it succeeds or is closed. */
  void keepConnecting() {
    reconnect(FIRST_RECONNECT);
  }

  private void reconnect(Duration delay) {
    if (closed || reconnecting) {
      return;
    }
    reconnecting = true;
    scheduler.schedule(
        () -> {
          reconnecting = false;
          if (closed) {
            return;
          }
          session()
              .whenComplete(
                  (s, e) -> {
                    if (e != null) {
                      Duration next = delay.multipliedBy(2);
                      reconnect(next.compareTo(LAST_RECONNECT) > 0 ? LAST_RECONNECT : next);
                    }
                  });
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Closes the connection and makes no other. */
  void close() {
    Session session;
    synchronized (this) {
      closed = true;
      session = current;
      current = null;
    }
    if (session != null) {
      session.dbus.disconnect();
    }
  }

  /**
   * A transient failure for what may pass (no bus, BlueChi not on it, no answer in time, the
   * connection lost); any other error as it is, for the caller to report as a failed result.
   */
  Throwable classify(String what, Throwable error) {
    Throwable e = error;
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof TransientFailure) {
      return e;
    }
    if (e instanceof TimeoutException) {
      return new TransientFailure(
          what + ": BlueChi at " + address + " did not answer within " + millis(callTimeout), e);
    }
    if (e instanceof NoReply) {
      return new TransientFailure(
          what + ": BlueChi at " + address + " did not answer (" + message(e) + ")", e);
    }
    if (e instanceof ServiceUnknown
        && String.valueOf(e.getMessage()).contains("org.eclipse.bluechi")) {
      return new TransientFailure(
          what + ": BlueChi's controller (org.eclipse.bluechi) is not on the D-Bus at " + address,
          e);
    }
    if (e instanceof DBusException) {
      return new TransientFailure(
          what + ": cannot reach the D-Bus at " + address + " (" + message(e) + ")", e);
    }
    return e;
  }

  static String message(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null
        && (cause.getMessage() == null || cause.getMessage().isBlank())) {
      cause = cause.getCause();
    }
    String text = cause.getMessage();
    return text == null || text.isBlank() ? cause.getClass().getSimpleName() : text;
  }

  static String millis(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
