package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package documentation's tree, run as written: each {@code @start region} is what a {@code {@snippet}} of
 * {@code package-info.java} shows.
 */
class PackageExampleTest {

    private static final Events EVENTS = new Events();

    /** A server that records its start and stop under its class's name. */
    abstract static class Recording implements GenServer<String, Worker.Request<?>, NoCast> {
        @Override
        public Init<String> init(io.otp4j.process.ProcessContext self) {
            self.trapExits(true);
            EVENTS.add("start " + getClass().getSimpleName());
            return Init.ok("");
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            EVENTS.add("stop " + getClass().getSimpleName());
        }
    }

    static final class Pool extends Recording {}

    static final class Writer extends Recording {}

    static final class Session extends Recording {}

    @Test
    void theTree() throws Exception {
        try (Node node = Node.start("example");
                LogCapture log = LogCapture.of("io.otp4j.supervisor")) {
            // @start region="tree"
            Supervisor app = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(
                            ChildSpec.supervisor(
                                    "db",
                                    SupervisorFlags.restForOne(),
                                    List.of(
                                            ChildSpec.worker("pool", Pool::new),
                                            ChildSpec.worker(
                                                    "writer",
                                                    Writer::new,
                                                    StartOptions.defaults().withName("writer")))),
                            DynamicSupervisor.childSpec(
                                    "sessions",
                                    SupervisorFlags.oneForOne(),
                                    1000,
                                    StartOptions.defaults().withName("sessions"))));

            DynamicSupervisor sessions =
                    DynamicSupervisor.whereis(node, "sessions").orElseThrow();
            sessions.startChild(ChildSpec.worker("session", Session::new).withRestart(Restart.TEMPORARY));
            // @end
            EVENTS.expect("start Pool", "start Writer", "start Session");

            // @start region="restart"
            Pid writer = node.whereis("writer").orElseThrow();
            node.exit(writer, ExitReason.kill()); // the writer dies: rest_for_one restarts it, under its name
            // @end
            EVENTS.expect("start Writer"); // the writer alone: it is the last of db's children
            assertThat(node.whereis("writer")).isPresent().get().isNotEqualTo(writer);

            // @start region="stop"
            app.stop(); // sessions, then db (writer, then pool), then app
            // @end
            EVENTS.expect("stop Session", "stop Writer", "stop Pool");
            Events.eventually("every process of the tree gone", () -> node.processCount() == 0);
            assertThat(log.about("io.otp4j.supervisor", "child terminated")).hasSize(1);
        }
    }
}
