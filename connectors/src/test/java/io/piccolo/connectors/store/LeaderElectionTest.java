package io.piccolo.connectors.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.piccolo.connectors.testing.EtcdServer;
import io.piccolo.connectors.testing.Waits;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two evaluators on one etcd: one leads; when it dies, the standby takes over within seconds. */
class LeaderElectionTest {

  @Test
  @Timeout(60)
  void aStandbyTakesOverWhenTheLeaderDies() throws Exception {
    CountDownLatch firstLeads = new CountDownLatch(1);
    CountDownLatch secondLeads = new CountDownLatch(1);
    try (EtcdServer etcd = EtcdServer.start()) {
      LeaderElection first =
          LeaderElection.join(
              etcd.endpoint(),
              LeaderElection.CLUSTER_WORK,
              "evaluator-1",
              Duration.ofSeconds(2),
              firstLeads::countDown);
      assertTrue(firstLeads.await(10, TimeUnit.SECONDS), "the first candidate leads");
      try (LeaderElection second =
          LeaderElection.join(
              etcd.endpoint(),
              LeaderElection.CLUSTER_WORK,
              "evaluator-2",
              Duration.ofSeconds(2),
              secondLeads::countDown)) {
        Waits.holdsFor(
            "one leader at a time",
            Duration.ofSeconds(1),
            () -> secondLeads.getCount() == 1 && !second.isLeader() && first.isLeader());

        first.abandon(); // no resignation: the lease has to expire
        assertTrue(secondLeads.await(15, TimeUnit.SECONDS), "the standby took over");
        assertTrue(second.isLeader());
      }
    }
  }

  @Test
  @Timeout(60)
  void aLeaderThatLeavesHandsOverAtOnce() throws Exception {
    CountDownLatch secondLeads = new CountDownLatch(1);
    try (EtcdServer etcd = EtcdServer.start()) {
      CountDownLatch firstLeads = new CountDownLatch(1);
      LeaderElection first =
          LeaderElection.join(
              etcd.endpoint(),
              "/test/election",
              "a",
              Duration.ofSeconds(30),
              firstLeads::countDown);
      assertTrue(firstLeads.await(10, TimeUnit.SECONDS));
      try (LeaderElection second =
          LeaderElection.join(
              etcd.endpoint(),
              "/test/election",
              "b",
              Duration.ofSeconds(30),
              secondLeads::countDown)) {
        first.close(); // resigns: no need to wait for the 30 s lease
        assertTrue(secondLeads.await(10, TimeUnit.SECONDS));
      }
    }
  }
}
