package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A quorum map on three nodes split 2|1 (cluster and quorum channels both, by JGroups' DISCARD): the minority
 * refuses a registration with {@link NoQuorumException}, the majority accepts it; the minority's holder stops when
 * its lease runs out, and only then does the majority give its key to another process: no key has two live
 * holders. After the heal the minority's copy catches up with the majority's, while the leases keep the leader
 * busy (a renewal about every second: more often than RAFT's resend interval). The caught-up copy equals the
 * majority's: its holders, or none where the heal held a renewal up past the lease and a holder stopped.
 */
class QuorumSplitTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Duration COMMIT = Duration.ofMillis(1_500);
    private static final Duration LONG = QuorumMembers.LONG;
    private static final Duration RETRY = Duration.ofMillis(50);
    private static final int MAX_ATTEMPTS = 2_000;

    private final QuorumMembers members =
            new QuorumMembers("qs", 3, config -> config.withLease(LEASE, GRACE).withCommitTimeout(COMMIT));

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void theMinorityRefusesTheMajorityAcceptsAndAKeyIsNeverHeldTwice() {
        QuorumNames<String, String> a = members.map(0);
        QuorumNames<String, String> c = members.map(2);
        QuorumHolder onC = QuorumHolder.spawn(members.cluster(2).node());
        onC.register(c, "c-key", "held on the minority side");
        TestProbe watcherOnC = TestProbe.spawn(members.cluster(2).node());
        watcherOnC.watch(onC.pid());
        for (QuorumNames<String, String> map : members.maps()) {
            QuorumMembers.await(() -> map.whereis("c-key").isPresent(), map + " sees c-key", LONG);
        }

        members.split(List.of(0, 1), List.of(2));

        // The minority: refused, within the commit timeout (it may not have seen the split yet) or at once.
        QuorumHolder contenderOnC = QuorumHolder.spawn(members.cluster(2).node());
        long asked = System.nanoTime();
        assertThatThrownBy(() -> contenderOnC.register(c, "contested", "minority"))
                .isInstanceOf(NoQuorumException.class)
                .hasMessageContaining("of 3 members reachable, 2 needed");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(COMMIT.plusSeconds(5));
        QuorumMembers.await(() -> c.reachable() == 1 && !c.hasLeader(), "c sees itself alone, without leader", LONG);
        assertThatThrownBy(() -> contenderOnC.register(c, "contested", "minority"))
                .isInstanceOf(NoQuorumException.class)
                .hasMessageContaining("1 of 3 members reachable, 2 needed")
                .satisfies(e -> assertThat(((NoQuorumException) e).reachable()).isEqualTo(1));

        // The majority: accepted (once it has a leader of its own, if c was the leader).
        QuorumHolder winnerOnA = QuorumHolder.spawn(members.cluster(0).node());
        registerEventually(winnerOnA, a, "contested", "majority");
        assertThat(c.whereis("contested"))
                .as("the minority's copy does not change")
                .isEmpty();

        // c's holder stops with its lease; only after that may the majority give c-key to another process.
        QuorumHolder takerOnA = QuorumHolder.spawn(members.cluster(0).node());
        registerEventually(takerOnA, a, "c-key", "taken over");
        assertThat(onC.isAlive())
                .as("the minority's holder of c-key stopped before the majority gave the key away")
                .isFalse();
        watcherOnC.expectDown(
                onC.pid(), ExitReason.custom(new QuorumLost("names", "qs-2", "c-key")), Duration.ofSeconds(1));
        assertThat(contenderOnC.isAlive())
                .as("a process that holds nothing is left alone")
                .isTrue();

        // The majority's copies agree: one holder per key, of the majority's side.
        QuorumNames<String, String> b = members.map(1);
        QuorumMembers.await(
                () -> sameHolder(a, b, "contested") && sameHolder(a, b, "c-key"), "b has a's holders", LONG);
        assertThat(node(b.whereis("contested"))).isEqualTo("qs-0");
        assertThat(b.lookup("c-key").orElseThrow().value()).isEqualTo("taken over");

        // After the heal the minority catches up with the log it missed: the majority's holders, and no other.
        members.heal();
        members.awaitLog(
                () -> sameHolderOrNone(a, c, "contested")
                        && sameHolderOrNone(a, c, "c-key")
                        && !c.whereis("c-key").equals(Optional.of(onC.pid())),
                "c has caught up with a",
                LONG);
        keptOrStopped(c, "contested", winnerOnA, "majority");
        keptOrStopped(c, "c-key", takerOnA, "taken over");
    }

    /**
     * The leader is the one cut off: its lease renewals of the split are never committed, and after the heal its
     * log is not a prefix of the new leader's. It gives those entries up and catches up, while the majority's
     * leases keep the new leader appending.
     */
    @Test
    void anIsolatedLeaderGivesUpItsUncommittedEntriesAndCatchesUp() {
        int leader = IntStream.range(0, 3)
                .filter(i -> members.map(i).raft().isLeader())
                .findFirst()
                .orElseThrow();
        List<Integer> others =
                IntStream.range(0, 3).filter(i -> i != leader).boxed().toList();
        QuorumNames<String, String> old = members.map(leader);
        QuorumNames<String, String> a = members.map(others.get(0));
        QuorumHolder onOld = QuorumHolder.spawn(members.cluster(leader).node());
        onOld.register(old, "old-key", "held on the old leader");
        for (QuorumNames<String, String> map : members.maps()) {
            QuorumMembers.await(() -> map.whereis("old-key").isPresent(), map + " sees old-key", LONG);
        }

        members.split(others, List.of(leader));
        QuorumHolder contender = QuorumHolder.spawn(members.cluster(leader).node());
        assertThatThrownBy(() -> contender.register(old, "contested", "minority"))
                .isInstanceOf(NoQuorumException.class);
        QuorumHolder winner = QuorumHolder.spawn(members.cluster(others.get(0)).node());
        registerEventually(winner, a, "contested", "majority");
        QuorumHolder taker = QuorumHolder.spawn(members.cluster(others.get(0)).node());
        registerEventually(taker, a, "old-key", "taken over");
        assertThat(old.raft().isLeader()).as("the old leader stepped down").isFalse();

        members.heal();
        members.awaitLog(
                () -> sameHolderOrNone(a, old, "contested")
                        && sameHolderOrNone(a, old, "old-key")
                        && !old.whereis("old-key").equals(Optional.of(onOld.pid())),
                "the old leader has caught up with " + a,
                LONG);
        keptOrStopped(old, "contested", winner, "majority");
        keptOrStopped(old, "old-key", taker, "taken over");
    }

    /**
     * After a heal, {@code key} is held by {@code holder} with {@code value} in the caught-up copy, or by nobody:
     * a renewal the heal held up past the lease (2 s here, on a loaded machine) stops the majority's holder too,
     * and its key goes with it. Either way no key is left to a process that has stopped.
     */
    private static void keptOrStopped(QuorumNames<String, String> copy, String key, QuorumHolder holder, String value) {
        Optional<QuorumEntry<String, String>> entry = copy.lookup(key);
        if (entry.isPresent()) {
            assertThat(entry.get().pid()).isEqualTo(holder.pid());
            assertThat(entry.get().value()).isEqualTo(value);
        } else {
            QuorumMembers.await(() -> !holder.isAlive(), key + "'s holder has stopped with its lease", LONG);
        }
    }

    /** Registers, retrying while the majority side elects its leader; fails after {@link #LONG}. */
    private static void registerEventually(QuorumHolder holder, QuorumNames<String, String> map, String key, String v) {
        long deadline = System.nanoTime() + LONG.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                holder.register(map, key, v);
                return;
            } catch (NoQuorumException | QuorumNameTakenException e) {
                if (System.nanoTime() - deadline > 0 || attempt == MAX_ATTEMPTS) {
                    throw new AssertionError("no registration of " + key + " in " + attempt + " attempts: " + e, e);
                }
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    /** {@return whether both copies give {@code key} the same holder, or neither gives it one} */
    private static boolean sameHolderOrNone(
            QuorumNames<String, String> one, QuorumNames<String, String> other, String key) {
        Optional<Pid> a = one.whereis(key);
        Optional<Pid> b = other.whereis(key);
        return a.isPresent() ? sameHolder(one, other, key) : b.isEmpty();
    }

    private static boolean sameHolder(QuorumNames<String, String> one, QuorumNames<String, String> other, String key) {
        Optional<Pid> a = one.whereis(key);
        Optional<Pid> b = other.whereis(key);
        return a.isPresent()
                && b.isPresent()
                && a.get().node().equals(b.get().node())
                && a.get().id() == b.get().id();
    }

    private static String node(Optional<Pid> pid) {
        return pid.orElseThrow().node();
    }
}
