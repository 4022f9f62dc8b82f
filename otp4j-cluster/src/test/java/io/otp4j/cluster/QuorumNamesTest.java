package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A quorum map on three connected nodes: register, unregister, an exit, lookups on every node, a taken key, and
 * input that is refused with a clear error.
 */
class QuorumNamesTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    private @Nullable QuorumMembers members;

    @AfterEach
    void close() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void aKeyRegisteredOnOneNodeIsSeenOnEveryNodeUntilItsHolderUnregistersOrExits() {
        QuorumMembers members = new QuorumMembers("qn", 3, UnaryOperator.identity());
        this.members = members;
        QuorumHolder onA = QuorumHolder.spawn(members.cluster(0).node());
        QuorumHolder onB = QuorumHolder.spawn(members.cluster(1).node());
        QuorumHolder onC = QuorumHolder.spawn(members.cluster(2).node());

        onA.register(members.map(0), "alpha", "from a");
        onB.register(members.map(1), "beta", "from b");
        onC.register(members.map(2), "gamma", "from c");
        // Committed when register returns; applied on each node soon after.
        for (QuorumNames<String, String> map : members.maps()) {
            Node3 seen = new Node3(map);
            QuorumMembers.await(
                    () -> seen.keys().equals(Set.of("alpha", "beta", "gamma")), map + " has every key", BOUND);
            Pid alpha = map.whereis("alpha").orElseThrow();
            assertThat(alpha.node()).isEqualTo("qn-0");
            assertThat(alpha.id()).isEqualTo(onA.pid().id());
            QuorumEntry<String, String> beta = map.lookup("beta").orElseThrow();
            assertThat(beta.value()).isEqualTo("from b");
            assertThat(beta.pid().node()).isEqualTo("qn-1");
        }
        assertThat(members.map(2).keys(members.map(2).whereis("gamma").orElseThrow()))
                .containsExactly("gamma");

        // A taken key names its holder, also to a process of another node, and to the holder itself.
        assertThatThrownBy(() -> onB.register(members.map(1), "alpha", "mine"))
                .isInstanceOf(QuorumNameTakenException.class)
                .hasMessageContaining("alpha")
                .hasMessageContaining(
                        members.map(1).whereis("alpha").orElseThrow().toString())
                .satisfies(e -> assertThat(((QuorumNameTakenException) e).holder())
                        .isEqualTo(members.map(1).whereis("alpha").orElseThrow()));
        assertThatThrownBy(() -> onA.register(members.map(0), "alpha", "again"))
                .isInstanceOf(QuorumNameTakenException.class)
                .satisfies(
                        e -> assertThat(((QuorumNameTakenException) e).holder()).isEqualTo(onA.pid()));

        // Unregister: only the holder's; then the key is free for another process.
        assertThat(onB.unregister(members.map(1), "alpha")).isFalse();
        assertThat(onA.unregister(members.map(0), "alpha")).isTrue();
        assertThat(onA.unregister(members.map(0), "alpha")).isFalse();
        for (QuorumNames<String, String> map : members.maps()) {
            QuorumMembers.await(() -> map.whereis("alpha").isEmpty(), map + " has no alpha", BOUND);
        }
        onB.register(members.map(1), "alpha", "now b's");
        assertThat(members.map(1).lookup("alpha").map(QuorumEntry::value)).isEqualTo(Optional.of("now b's"));

        // An exit: the holder's node commits the removal of all its keys.
        onC.run(self -> {
            members.map(2).register(self, "delta", "also c");
            return true;
        });
        members.cluster(2).node().exit(onC.pid(), ExitReason.kill());
        for (QuorumNames<String, String> map : members.maps()) {
            QuorumMembers.await(
                    () -> map.whereis("gamma").isEmpty() && map.whereis("delta").isEmpty(),
                    map + " has dropped the keys of the exited process",
                    BOUND);
            assertThat(map.keys()).containsExactlyInAnyOrder("alpha", "beta");
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void badInputIsRefusedNamingTheProblem() {
        List<String> three = List.of("x", "y", "z");
        assertThatThrownBy(() -> QuorumConfig.of(" ", three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> QuorumConfig.of("m", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one member");
        assertThatThrownBy(() -> QuorumConfig.of("m", List.of("x", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named twice");
        assertThatThrownBy(() -> QuorumConfig.of("m", three).withLease(Duration.ofSeconds(2), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("under twice the lease");
        assertThatThrownBy(() -> QuorumConfig.of("m", three).withCommitTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not positive");
        assertThatThrownBy(() -> QuorumConfig.of("m", three).withInitialMembers(List.of("nohost")))
                .isInstanceOf(IllegalArgumentException.class);

        QuorumMembers members = new QuorumMembers("qb", 3, UnaryOperator.identity());
        this.members = members;
        Cluster outsider = new Members().join("qb-outsider");
        try {
            assertThatThrownBy(() -> QuorumNames.start(outsider, QuorumConfig.of("names", three)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a member");
        } finally {
            outsider.close();
            outsider.node().close();
        }

        QuorumNames<String, String> map = members.map(0);
        QuorumHolder onA = QuorumHolder.spawn(members.cluster(0).node());
        QuorumHolder onB = QuorumHolder.spawn(members.cluster(1).node());
        assertThatThrownBy(() -> onA.register(map, null, "v")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> onA.register(map, "k", null)).isInstanceOf(NullPointerException.class);
        // A process of another node registers through its own node's map.
        assertThatThrownBy(() -> onB.register(map, "k", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only processes of node qb-0");
        // A value that cannot cross is refused before it reaches the log.
        @SuppressWarnings({"unchecked", "rawtypes"})
        QuorumNames<String, Object> raw = (QuorumNames) map;
        assertThatThrownBy(() -> onA.register(raw, "k", new AtomicLong(1)))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("AtomicLong");
        assertThat(map.whereis("k")).isEmpty();
        assertThatThrownBy(() -> map.whereis(null)).isInstanceOf(NullPointerException.class);
    }

    /** Reads of one node's map. */
    private record Node3(QuorumNames<String, String> map) {
        Set<String> keys() {
            return map.keys();
        }
    }
}
