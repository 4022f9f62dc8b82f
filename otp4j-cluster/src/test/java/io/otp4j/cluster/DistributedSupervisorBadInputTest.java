package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.SupervisorProtocol.Discover;
import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.process.NameTakenException;
import io.otp4j.process.Node;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The distributed supervisor refuses bad input with an error that names the problem. */
class DistributedSupervisorBadInputTest {

    private final Supervised cluster = new Supervised();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Not on the tests' allow-list: its package is not allowed. */
    private record Secret(String text) {}

    @Test
    void startRefusesABlankNameNoKindsABlankKindAndATakenName() {
        DistributedSupervisor a = cluster.add("bad-a", DistributedSupervisorConfig.defaults());
        Cluster member = a.cluster();
        Map<String, ChildFactory> kinds = Counter.kinds(cluster.book, "bad-a");
        assertThatThrownBy(() -> DistributedSupervisor.start(member, " ", kinds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is blank");
        assertThatThrownBy(() -> DistributedSupervisor.start(member, "other", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no kinds");
        ChildFactory factory = argument -> new Counter(cluster.book, "x");
        assertThatThrownBy(() -> DistributedSupervisor.start(member, "other", Map.of("", factory)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank kind");
        assertThatThrownBy(() -> DistributedSupervisor.start(member, Supervised.NAME, kinds))
                .isInstanceOf(NameTakenException.class);
    }

    @Test
    void startChildRefusesABlankIdAnUnknownKindAnArgumentThatCannotCrossAndATakenId() {
        DistributedSupervisor a = cluster.add("bad-b", DistributedSupervisorConfig.defaults());
        DistributedSupervisor b = cluster.add("bad-c", DistributedSupervisorConfig.defaults());
        cluster.met(List.of("bad-b", "bad-c"));
        assertThatThrownBy(() -> a.startChild("", Counter.KIND, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
        assertThatThrownBy(() -> a.startChild("one", "gauge", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no kind of child gauge")
                .hasMessageContaining(Counter.KIND);
        assertThatThrownBy(() -> a.startChild("one", Counter.KIND, new Secret("s")))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining(Secret.class.getName());
        assertThat(a.children()).isEmpty();

        a.startChild("one", Counter.KIND, "one");
        assertThatThrownBy(() -> a.startChild("one", Counter.KIND, "one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child id one is already supervised");
        Eventually.until(() -> b.children().contains("one"), "the other node knows child one");
        assertThatThrownBy(() -> b.startChild("one", Counter.KIND, "one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child id one is already supervised");
        assertThat(cluster.book.startsOf("one")).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void terminateChildRefusesAnUnknownIdAndRemovesAKnownOneEverywhere() {
        DistributedSupervisor a = cluster.add("bad-d", DistributedSupervisorConfig.defaults());
        DistributedSupervisor b = cluster.add("bad-e", DistributedSupervisorConfig.defaults());
        cluster.met(List.of("bad-d", "bad-e"));
        assertThatThrownBy(() -> a.terminateChild("nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no child nobody");
        List<String> ids = List.of("t-1", "t-2", "t-3", "t-4", "t-5", "t-6");
        ids.forEach(id -> a.startChild(id, Counter.KIND, id));
        Eventually.until(() -> ids.stream().allMatch(id -> b.whereis(id).isPresent()), "every child runs");
        List<io.otp4j.process.Pid> pids =
                ids.stream().map(id -> b.whereis(id).orElseThrow()).toList();
        ids.forEach(b::terminateChild);
        Eventually.until(() -> a.children().isEmpty() && b.children().isEmpty(), "the children are gone everywhere");
        assertThat(a.whereis("t-1")).isEmpty();
        for (io.otp4j.process.Pid pid : pids) {
            if (pid.node().equals("bad-d")) {
                Eventually.until(() -> !a.cluster().node().isAlive(pid), pid + " has stopped");
            }
        }
    }

    @Test
    void theConfigurationRefusesNonsense() {
        DistributedSupervisorConfig defaults = DistributedSupervisorConfig.defaults();
        assertThatThrownBy(() -> defaults.withMoveRate(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moves per interval must be at least 1, was 0");
        assertThatThrownBy(() -> defaults.withMoveRate(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("move interval must be positive");
        assertThatThrownBy(() -> defaults.withLeaveTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leave timeout must not be negative");
        assertThatThrownBy(() -> defaults.withFlags(SupervisorFlags.oneForAll()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one_for_one");
    }

    @Test
    void placementRefusesANodeThatIsNotAMember() {
        DistributedSupervisor a =
                cluster.add("bad-f", DistributedSupervisorConfig.defaults().withPlacement((id, nodes) -> "elsewhere"));
        assertThatThrownBy(() -> a.placement("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("put child x on elsewhere, which is not one of the nodes it was given: [bad-f]");
    }

    @Test
    void aServerOfANodeThatIsNotAMemberIsNotMet() {
        DistributedSupervisor a = cluster.add("bad-g", DistributedSupervisorConfig.defaults());
        // A server on a node that has not joined (as a member's Discover can come before the view that has it).
        try (Node outside = Node.start("bad-outside")) {
            TestProbe stranger = TestProbe.spawn(outside);
            Spec foreign = new Spec("foreign-1", Counter.KIND, "foreign-1", "bad-outside/1/0");
            String server = DistributedSupervisor.serverName(Supervised.NAME);
            a.cluster()
                    .node()
                    .send(server, new Discover(server, stranger.pid(), Map.of(foreign.id(), foreign), Map.of()));
            // Two calls: the first after the Discover, the second after all the Discover made the server send itself.
            a.startChild("mine-1", Counter.KIND, "mine-1");
            a.startChild("mine-2", Counter.KIND, "mine-2");
            assertThat(a.members()).containsExactly("bad-g");
            assertThat(cluster.book.startsOf("foreign-1"))
                    .as("the stranger's child")
                    .isEmpty();
        }
    }
}
