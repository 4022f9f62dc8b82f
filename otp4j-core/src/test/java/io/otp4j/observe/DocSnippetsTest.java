package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The code shown in this package's documentation ({@link Observation}), run and checked. */
class DocSnippetsTest {

    @Test
    void anObserverCountsCrashes() {
        try (Node node = Node.start("observed")) {
            // @start region="observer"
            LongAdder crashes = new LongAdder();
            try (Observation.Installed hook = Observation.of(node).add(new ProcessObserver() {
                @Override
                public void exited(Pid pid, ExitReason reason) {
                    if (reason instanceof ExitReason.Crash) {
                        crashes.increment();
                    }
                }
            })) {
                runObserved(node, crashes); // @replace regex="\S.*" replacement="// ... the node runs, observed"
            }
            // @end
            assertThat(crashes.sum()).isEqualTo(1);
        }
    }

    /** One process that ends normally, one that crashes; returns once the observer has counted the crash. */
    private static void runObserved(Node node, LongAdder crashes) {
        Pid finished = node.spawn(self -> {});
        assertThat(node.await(finished, Within.WAIT)).contains(ExitReason.normal());
        Pid crashed = node.spawn(self -> {
            throw new IllegalStateException("a crash the observer counts");
        });
        assertThat(node.await(crashed, Within.WAIT)).get().isInstanceOf(ExitReason.Crash.class);
        Within.eventually("the crash is counted", () -> crashes.sum() == 1);
    }
}
