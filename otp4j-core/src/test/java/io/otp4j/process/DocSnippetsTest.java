package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The code shown in this package's documentation (the package, {@link Node}), run and checked. */
class DocSnippetsTest {

    @Test
    void pingPongThenAKill() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        // @start region="example"
        record Ping(Pid from) {}
        record Pong() {}

        try (Node node = Node.start("demo")) {
            Pid echo = node.spawn(self -> {
                while (true) {
                    if (self.receive() instanceof Ping(Pid from)) {
                        self.send(from, new Pong());
                    }
                }
            });

            Pid client = node.spawn(self -> {
                self.send(echo, new Ping(self.self()));
                Pong pong = self.receive(Pong.class); // selective receive by type
                MonitorRef ref = self.monitor(echo); // a Down arrives when echo exits
                self.exit(echo, ExitReason.kill()); // untrappable
                Down down = self.receive(Down.class); // Down(ref, echo, killed)
                seen.addAll(List.of(pong, ref, echo, down)); // @replace regex=".*\n?" replacement=""
            });
            node.await(client, Duration.ofSeconds(5)); // plain code waits for a process to end: normal
            seen.add(node.await(client, Within.WAIT)); // @replace regex=".*\n?" replacement=""
        } // closing the node stops every process
        // @end
        assertThat(seen).hasSize(5);
        assertThat(seen.get(0)).isEqualTo(new Pong());
        assertThat(seen.get(3)).isEqualTo(new Down((MonitorRef) seen.get(1), (Pid) seen.get(2), ExitReason.killed()));
        assertThat(seen.get(4)).isEqualTo(Optional.of(ExitReason.normal()));
    }

    record Ping(Pid from) {}

    record Pong() {}

    private final CompletableFuture<Pong> pongs = new CompletableFuture<>();

    /** A process that takes one {@link Pong}. */
    private Pid pongTaker(Node node) {
        return node.spawn(self -> pongs.complete(self.receive(Pong.class)));
    }

    @Test
    void anEchoServer() {
        // @start region="node"
        try (Node node = Node.start("demo")) {
            Pid someone = pongTaker(node); // @replace regex=".*\n?" replacement=""
            Pid echo = node.spawn(self -> {
                while (true) {
                    if (self.receive() instanceof Ping(Pid from)) {
                        self.send(from, new Pong());
                    }
                }
            });
            node.send(echo, new Ping(someone));
            assertThat(Within.get(pongs)).isEqualTo(new Pong()); // @replace regex=".*\n?" replacement=""
        }
        // @end
    }
}
