package io.otp4j.examples;

import io.otp4j.genserver.StartOptions;
import io.otp4j.observer.Observer;
import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./demo --observe}: the demo with the observer's dashboard on. It prints the dashboard's address (with
 * the token that allows actions), runs the demo's parts while the dashboard shows them, then keeps a small live
 * tree running (counters fed by a ticker) and serves until Ctrl-C.
 */
final class ObserveDemo {

    /** Counters in the live tree the dashboard keeps showing after the demo. */
    static final int COUNTERS = 4;

    /** Helidon's start and stop notes would crowd the demo's output: only its warnings are shown (kept here). */
    private static final Logger HELIDON = Logger.getLogger("io.helidon");

    private ObserveDemo() {}

    static void run(Demo.Options options, PrintStream out, boolean terminal) throws Exception {
        HELIDON.setLevel(Level.WARNING);
        Node node = Node.start("demo");
        Observer observer = Observer.builder(node).port(options.observePort()).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            observer.close();
                            node.close();
                            stopped.countDown();
                        },
                        "otp4j-demo-observer-stop"));
        out.printf(
                "Observer dashboard: %s%n"
                        + "  (open this address: the token after # allows actions; without it pages are read only)%n%n",
                observer.url());
        Demo.parts(node, options, out, terminal);
        startLiveTree(node);
        out.printf(
                "%nThe demo is done. The dashboard keeps serving a live tree (\"live\": %d counters fed by a ticker)"
                        + " at%n  %s%nPress Ctrl-C to stop.%n",
                COUNTERS, observer.url());
        out.flush();
        stopped.await();
    }

    /** Starts the supervisor {@code live}: counters, and a ticker that adds to them ten times a second. */
    static Supervisor startLiveTree(Node node) {
        List<ChildSpec> children = new ArrayList<>();
        for (int i = 0; i < COUNTERS; i++) {
            children.add(ChildSpec.worker(
                    "counter-" + i,
                    () -> Counter.server(0),
                    StartOptions.defaults().withName("counter-" + i)));
        }
        Supervisor live = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                children,
                StartOptions.defaults().withName("live"));
        node.spawn(self -> {
            node.register("ticker", self.self());
            long tick = 0;
            while (true) {
                self.receive(Duration.ofMillis(100));
                tick++;
                for (int i = 0; i < COUNTERS; i++) {
                    long n = tick * (i + 1);
                    Counter.whereis(node, "counter-" + i).ifPresent(c -> c.add(n));
                }
            }
        });
        return live;
    }
}
