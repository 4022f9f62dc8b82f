package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.RemoteCallTest.Counter;
import io.otp4j.elsewhere.Secret;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Cluster#multiCall} and {@link Cluster#abcast} over three nodes, one of them without the server. */
class MultiCallTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final ServerType<Counter.Req<?>, Counter.Add> COUNTER = ServerType.of(Counter.class);

    private final Members members = new Members();
    private final Cluster a = members.join("multi-a");
    private final Cluster b = members.join("multi-b");
    private final Cluster c = members.join("multi-c");

    MultiCallTest() {
        Members.connected(a, b, c);
        GenServer.start(a.node(), new Counter(), StartOptions.defaults().withName("counter"));
        GenServer.start(b.node(), new Counter(), StartOptions.defaults().withName("counter"));
    }

    @AfterEach
    void close() {
        members.close();
    }

    private static int count(Node node) {
        return GenServerRef.named(node, "counter", COUNTER).call(new Counter.Get());
    }

    @Test
    void aMultiCallGetsTheRepliesOfEveryNodeWithTheServerAndNamesTheOthers() {
        MultiCallResult<String> result = a.multiCall("counter", COUNTER, new Counter.Echo("all"), BOUND);

        assertThat(result.replies())
                .isEqualTo(Map.of(a.node().name(), "all@0", b.node().name(), "all@0"));
        assertThat(result.badNodes()).containsExactly(c.node().name());
        assertThat(result.failures().get(c.node().name()))
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
    }

    @Test
    void givenNodesThatAreNotConnectedAreBadNodesAtOnce() {
        MultiCallResult<String> result = c.multiCall(
                List.of(b.node().name(), "ghost", c.node().name()),
                "counter",
                COUNTER,
                new Counter.Echo("some"),
                Duration.ofMinutes(1));

        assertThat(result.replies()).isEqualTo(Map.of(b.node().name(), "some@0"));
        assertThat(result.badNodes())
                .containsExactlyInAnyOrder("ghost", c.node().name());
        assertThat(result.failures().get("ghost"))
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noconnection()));
        assertThat(result.failures().get(c.node().name())).isInstanceOf(ServerNotFoundException.class);
    }

    @Test
    void anAbcastReachesTheServerOnEveryNodeThatHasOne() {
        c.abcast("counter", COUNTER, new Counter.Add(7));

        Eventually.until(() -> count(a.node()) == 7 && count(b.node()) == 7, "both counters got the cast");
    }

    @Test
    void aRequestThatCannotCrossFailsAtTheCaller() {
        assertThatThrownBy(() -> a.abcast(List.of(b.node().name()), "counter", UNTYPED, new Secret("no")))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining(Secret.class.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a reference whose casts are of any type, to send a bad one
    private static final ServerType<Counter.Req<?>, Object> UNTYPED = (ServerType) COUNTER;
}
