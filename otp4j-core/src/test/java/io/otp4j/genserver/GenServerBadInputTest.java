package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Box.Get;
import io.otp4j.genserver.Box.Msg;
import io.otp4j.genserver.Box.Req;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.NullArguments;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad arguments fail at once, with an exception that names the argument, and leave the server unharmed. */
class GenServerBadInputTest {

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void nullArgumentsAreRefusedByName() {
        try (Node node = Node.start("bad-null")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            assertThatThrownBy(() -> server.call(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> server.call(null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> server.call(new Get(), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> server.callWithoutTimeout(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> server.cast(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> server.sendRequest(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> server.sendRequest(new Get()).await(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> server.stop(null, Duration.ofSeconds(1)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("reason");
            assertThatThrownBy(() -> server.stop(ExitReason.normal(), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> GenServer.start(node, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("server");
            assertThatThrownBy(() -> GenServer.start(node, new Box(), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("options");
            assertThatThrownBy(() -> Sys.trace(server, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("tracer");
            assertThatThrownBy(() -> GenServerRef.of(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("pid");
            assertThatThrownBy(() -> GenServerRef.of(server.pid(), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("type");
            assertThatThrownBy(() -> GenServerRef.whereis(node, "box", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("type");
            assertThatThrownBy(() -> ServerType.of(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("server");
            assertThat(server.call(new Get())).as("the server is unharmed").isZero();
        }
    }

    @Test
    void aCallTimeoutMustBePositive() {
        try (Node node = Node.start("bad-timeout")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            Sys.statistics(server, true);
            for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofMillis(-1)}) {
                assertThatThrownBy(() -> server.call(new Get(), timeout))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("timeout")
                        .hasMessageContaining(timeout.toString());
            }
            assertThat(Sys.statistics(server).calls()).as("nothing was sent").isZero();
        }
    }

    @Test
    void startOptionsRefuseANonPositiveInitTimeout() {
        for (Duration timeout : new Duration[] {Duration.ZERO, Duration.ofSeconds(-5)}) {
            assertThatThrownBy(() -> StartOptions.defaults().withInitTimeout(timeout))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("initTimeout")
                    .hasMessageContaining(timeout.toString());
        }
    }

    @Test
    void anInactivityTimeoutMustNotBeNegative() {
        assertThatThrownBy(() -> Init.ok(1).withTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inactivity timeout");
        assertThatThrownBy(() -> Results.noReply(1).withTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyStartOptionsBuilderNamesItsNullArgument() {
        assertThat(NullArguments.check().builders(StartOptions.defaults()))
                .contains(
                        "StartOptions.withName(name = null)",
                        "StartOptions.withInitTimeout(initTimeout = null)",
                        "StartOptions.withHibernateAfter(idle = null)",
                        "StartOptions.withMailbox(mailbox = null)");
    }
}
