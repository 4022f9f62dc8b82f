package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Garbage;
import io.otp4j.testing.Within;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A stopped server holds nothing: its pid and its reference, kept after the exit, do not keep its last state. */
class DeadServerTest {

    /** A server's state, big enough that keeping it by mistake matters. */
    static final class Big {
        final byte[] payload = new byte[1 << 20];
    }

    sealed interface Req<R> extends Call<R> {}

    record Size() implements Req<Integer> {}

    static final class Holder implements GenServer<Big, Req<?>, NoCast> {
        final AtomicReference<WeakReference<Big>> made = new AtomicReference<>();

        @Override
        public Init<Big> init(ProcessContext self) {
            Big big = new Big();
            made.set(new WeakReference<>(big));
            return Init.ok(big);
        }

        @Override
        public CallResult<Big> handleCall(Req<?> request, From from, Big state) {
            return switch (request) {
                case Size size -> Results.reply(size, state.payload.length, state);
            };
        }
    }

    @Test
    void aPidAndAReferenceKeptAfterTheStopDoNotKeepTheLastStateReachable() {
        try (Node node = Node.start("dead-server")) {
            Holder server = new Holder();
            GenServerRef<Req<?>, NoCast> ref = GenServer.start(node, server);
            Pid pid = ref.pid();
            assertThat(ref.call(new Size())).isEqualTo(1 << 20);
            ref.stop(ExitReason.normal(), Within.WAIT);
            WeakReference<Big> state = server.made.get();
            assertThat(Garbage.collected(state))
                    .as("the last state, with the pid and the reference kept")
                    .isTrue();
            assertThat(node.isAlive(pid)).isFalse();
            assertThat(ref.pid()).isEqualTo(pid);
        }
    }
}
