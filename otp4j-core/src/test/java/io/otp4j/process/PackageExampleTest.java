package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the example of the package documentation, so that it cannot rot. */
class PackageExampleTest {

    record Ping(Pid from) {}

    record Pong() {}

    @Test
    void pingPongFromThePackageDocs() throws Exception {
        CompletableFuture<Pong> received = new CompletableFuture<>();
        try (Node node = Node.start("example")) {
            Pid echo = node.spawn(self -> {
                while (true) {
                    if (self.receive() instanceof Ping(Pid from)) {
                        self.send(from, new Pong());
                    }
                }
            });
            node.spawn(self -> {
                self.send(echo, new Ping(self.self()));
                Pong pong = self.receive(Pong.class);
                received.complete(pong);
            });
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(new Pong());
        }
    }

    @Test
    void closingTheNodeStopsEveryProcess() {
        Node node = Node.start("closing");
        for (int i = 0; i < 100; i++) {
            node.spawn(self -> self.receive());
        }
        assertThat(node.processCount()).isEqualTo(100);
        node.close(Duration.ofSeconds(10));
        assertThat(node.processCount()).isZero();
        assertThat(node.isClosed()).isTrue();
    }
}
