package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's (and the package documentation's) example, run as written, with its outcomes checked. */
class ReadmeExampleTest {

    record Ping(Pid from) {}

    record Pong() {}

    @Test
    void readmeExample() throws Exception {
        CompletableFuture<Pong> pongSeen = new CompletableFuture<>();
        CompletableFuture<Down> downSeen = new CompletableFuture<>();
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
                Pong pong = self.receive(Pong.class);
                pongSeen.complete(pong);
                MonitorRef ref = self.monitor(echo);
                self.exit(echo, ExitReason.kill());
                Down down = self.receive(Down.class);
                assertThat(down.ref()).isEqualTo(ref);
                downSeen.complete(down);
            });
            assertThat(node.await(client, Duration.ofSeconds(5))).contains(ExitReason.normal());

            assertThat(pongSeen.get(10, TimeUnit.SECONDS)).isEqualTo(new Pong());
            Down down = downSeen.get(10, TimeUnit.SECONDS);
            assertThat(down.pid()).isEqualTo(echo);
            assertThat(down.reason()).isEqualTo(ExitReason.killed());
            assertThat(node.isAlive(echo)).isFalse();
        }
    }
}
