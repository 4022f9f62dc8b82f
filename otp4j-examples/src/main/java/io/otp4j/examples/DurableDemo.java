package io.otp4j.examples;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.Sys;
import io.otp4j.persistence.Durable;
import io.otp4j.persistence.DurableStatus;
import io.otp4j.persistence.SqlStore;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code ./demo --durable}: the {@link DurableCounter} under a supervisor, on an SQLite file, incremented by
 * client threads; a third of the way in the load pauses, the counter is killed, and the restarted counter must
 * resume from the last value it acknowledged.
 */
final class DurableDemo {

    private static final String NAME = "durable-counter";
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private DurableDemo() {}

    /** Runs the demo; {@return whether the restarted counter resumed from the last acknowledged value} */
    static boolean run(Demo.Options options, PrintStream out) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("otp4j-durable-demo");
        try (Node node = Node.start("durable-demo");
                SqlStore store = SqlStore.sqlite(dir.resolve("counter.db"))) {
            Supervisor supervisor = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker(
                            "counter",
                            () -> Durable.server("counter", store, DurableCounter.SCHEMA, new DurableCounter()),
                            StartOptions.defaults().withName(NAME))));
            GenServerRef<DurableCounter.Request<?>, Void> counter =
                    GenServerRef.named(node, NAME, Durable.serverType());
            out.printf(
                    Locale.ROOT,
                    "durable counter on %s, %d clients for %d s%n",
                    store.name(),
                    options.load(),
                    options.duration());
            Load load = new Load(counter, options.load());
            long started = System.nanoTime();
            load.runFor(Duration.ofSeconds(Math.max(1, options.duration() / 3)));

            load.pause();
            long acknowledged = load.highest.get();
            Pid killed = counter.pid();
            node.exit(killed, ExitReason.kill());
            out.printf(
                    Locale.ROOT,
                    "killed the counter (%s) with kill after %,d acknowledged increments%n",
                    killed,
                    acknowledged);
            long resumed = awaitRestart(counter, killed);
            DurableStatus status = (DurableStatus) Sys.getState(counter);
            out.printf(
                    Locale.ROOT,
                    "restarted as %s, incarnation %d, at %,d (stored version %,d)%n",
                    counter.pid(),
                    status.incarnation(),
                    resumed,
                    status.version());
            load.resume();
            load.runFor(Duration.ofSeconds(Math.max(1, options.duration() - options.duration() / 3)));
            load.stop();
            double seconds = (System.nanoTime() - started) / 1e9;
            long last = counter.call(new DurableCounter.Value());
            out.printf(
                    Locale.ROOT,
                    "%,d increments acknowledged in %.1f s (%,.0f/s, each stored before its reply);"
                            + " the counter holds %,d%n",
                    load.acks.get(),
                    seconds,
                    load.acks.get() / seconds,
                    last);
            supervisor.stop();
            boolean ok = resumed == acknowledged && last == load.highest.get();
            out.println(
                    ok
                            ? "the restarted counter resumed from the last acknowledged value"
                            : "LOST: the counter resumed at " + resumed + " after acknowledging " + acknowledged);
            return ok;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Waits until a new incarnation answers, and returns the value it resumed at. */
    private static long awaitRestart(GenServerRef<DurableCounter.Request<?>, Void> counter, Pid killed) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (!counter.pid().equals(killed)) {
                    return counter.call(new DurableCounter.Value());
                }
            } catch (OtpException notYet) {
                // Not restarted yet.
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        throw new IllegalStateException("the supervisor did not restart the counter within " + SETTLE);
    }

    /** Client threads that increment the counter and remember the highest value acknowledged. */
    private static final class Load {
        final AtomicLong highest = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final List<Thread> clients = new ArrayList<>();
        private volatile boolean paused;
        private volatile boolean stopped;

        Load(GenServerRef<DurableCounter.Request<?>, Void> counter, int clientCount) {
            for (int i = 0; i < clientCount; i++) {
                clients.add(Thread.ofVirtual().name("durable-client-" + i).start(() -> drive(counter)));
            }
        }

        private void drive(GenServerRef<DurableCounter.Request<?>, Void> counter) {
            while (!stopped) {
                if (paused) {
                    LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
                    continue;
                }
                inFlight.incrementAndGet();
                try {
                    long value = counter.call(new DurableCounter.Increment());
                    acks.incrementAndGet();
                    highest.accumulateAndGet(value, Math::max);
                } catch (OtpException down) {
                    // The counter is restarting: this increment was not acknowledged.
                } finally {
                    inFlight.decrementAndGet();
                }
            }
        }

        void runFor(Duration duration) throws InterruptedException {
            Thread.sleep(duration);
        }

        /** Stops new increments and waits for the ones in flight. */
        void pause() {
            paused = true;
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
            }
        }

        void resume() {
            paused = false;
        }

        void stop() throws InterruptedException {
            stopped = true;
            for (Thread client : clients) {
                client.join(SETTLE);
            }
        }
    }
}
