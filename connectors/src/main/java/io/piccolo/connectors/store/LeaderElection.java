package io.piccolo.connectors.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.election.LeaderKey;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One candidate in an etcd election (etcd's election API on a lease kept alive while this process
 * lives). The leader does cluster-wide work; when it dies its lease expires and a standby's
 * campaign wins within the lease's time to live.
 */
public final class LeaderElection implements AutoCloseable {
  /** The election every PICCOLO evaluator of a cluster joins. */
  public static final String CLUSTER_WORK = "/piccolo/election/cluster-work";

  private final Client client;
  private final long lease;
  private final CloseableClient keepAlive;
  private final ByteSequence election;
  private volatile LeaderKey leadership;

  private LeaderElection(Client client, long lease, CloseableClient keepAlive, String election) {
    this.client = client;
    this.lease = lease;
    this.keepAlive = keepAlive;
    this.election = ByteSequence.from(election, UTF_8);
  }

  /**
   * Joins the election and campaigns in the background; {@code onLeader} runs once, on a client
   * thread, when this candidate wins.
   *
   * @param ttl how long the cluster waits for a dead leader: its lease's time to live
   */
  public static LeaderElection join(
      String endpoint, String election, String candidate, Duration ttl, Runnable onLeader)
      throws StoreException {
    Client client = Client.builder().endpoints(endpoint).build();
    try {
      long lease =
          client
              .getLeaseClient()
              .grant(Math.max(1, ttl.toSeconds()))
              .get(5, TimeUnit.SECONDS)
              .getID();
      CloseableClient keepAlive = client.getLeaseClient().keepAlive(lease, new Ignore());
      LeaderElection e = new LeaderElection(client, lease, keepAlive, election);
      client
          .getElectionClient()
          .campaign(e.election, lease, ByteSequence.from(candidate, UTF_8))
          .thenAccept(
              won -> {
                e.leadership = won.getLeader();
                onLeader.run();
              });
      return e;
    } catch (Exception e) {
      client.close();
      throw new StoreException(endpoint + ": cannot join the election " + election + ": " + e, e);
    }
  }

  public boolean isLeader() {
    return leadership != null;
  }

  /** Leaves the election: resigns if leading, so a standby takes over at once. */
  @Override
  public void close() {
    try {
      LeaderKey held = leadership;
      if (held != null) {
        client.getElectionClient().resign(held).get(5, TimeUnit.SECONDS);
      }
      client.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the lease expires by itself
    } finally {
      abandon();
    }
  }

  /** Stops keeping the lease alive without resigning, as a crashed process would. */
  void abandon() {
    keepAlive.close();
    client.close();
  }

  /** Keep-alive answers need no handling: a lost lease ends leadership through etcd. */
  private static final class Ignore implements StreamObserver<LeaseKeepAliveResponse> {
    @Override
    public void onNext(LeaseKeepAliveResponse value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }
}
