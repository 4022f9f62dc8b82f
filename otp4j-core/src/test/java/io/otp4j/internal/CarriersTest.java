package io.otp4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * otp4j's own scheduler: a woken thread runs on its waker's carrier, more work than one carrier can run spreads to
 * the others, a thread left in a busy carrier's slot still runs, a yield goes behind, and idle carriers sleep. Each
 * case runs on a scheduler of its own, whichever scheduler the test JVM's processes run on.
 */
class CarriersTest {

    private static final int HAND_OFFS = 1_000;

    private final List<Carriers> started = new ArrayList<>();

    @AfterEach
    void shutDown() {
        started.forEach(Carriers::shutDown);
    }

    private Carriers carriers(int count) {
        Carriers carriers = new Carriers(count);
        started.add(carriers);
        return carriers;
    }

    @Test
    void aWokenThreadRunsOnTheCarrierOfTheThreadThatWokeIt() throws Exception {
        Carriers carriers = carriers(2);
        AtomicInteger turn = new AtomicInteger();
        AtomicReference<Thread> wokenFrom = new AtomicReference<>();
        AtomicInteger sameCarrier = new AtomicInteger();
        Thread[] pair = new Thread[2];
        long bound = System.nanoTime() + Within.WAIT.toNanos();
        for (int side = 0; side < 2; side++) {
            int me = side;
            pair[side] = carriers.threads().unstarted(() -> {
                for (int i = me; i < HAND_OFFS; i += 2) {
                    while (turn.get() != i) {
                        if (System.nanoTime() - bound > 0) {
                            return;
                        }
                        LockSupport.parkNanos(1_000_000);
                    }
                    Thread carrier = Carriers.currentCarrier();
                    if (carrier == wokenFrom.get()) {
                        sameCarrier.incrementAndGet();
                    }
                    wokenFrom.set(carrier);
                    turn.set(i + 1);
                    LockSupport.unpark(pair[1 - me]);
                }
            });
        }
        pair[0].start();
        pair[1].start();
        for (Thread t : pair) {
            assertThat(t.join(Within.WAIT)).isTrue();
        }

        assertThat(turn.get()).as("hand-offs made").isEqualTo(HAND_OFFS);
        // The JDK's scheduler moves about half of them to the other carrier; a preempted carrier may lose a few.
        assertThat(sameCarrier.get())
                .as("hand-offs that stayed on the waker's carrier, of %d", HAND_OFFS - 1)
                .isGreaterThanOrEqualTo(HAND_OFFS * 9 / 10);
    }

    @Test
    void aSecondWokenThreadGoesToAnIdleCarrierAndBothRunAtOnce() throws Exception {
        Carriers carriers = carriers(2);
        CountDownLatch bothRunning = new CountDownLatch(2);
        AtomicBoolean release = new AtomicBoolean();
        List<Thread> where = new ArrayList<>();
        long bound = System.nanoTime() + Within.WAIT.toNanos();
        Runnable busy = () -> {
            synchronized (where) {
                where.add(Carriers.currentCarrier());
            }
            bothRunning.countDown();
            while (!release.get() && System.nanoTime() - bound < 0) {
                Thread.onSpinWait();
            }
        };
        Thread first = carriers.threads().unstarted(busy);
        Thread second = carriers.threads().unstarted(busy);
        Thread starter = carriers.threads().start(() -> {
            first.start(); // into this carrier's slot
            second.start(); // into the slot; the first goes to the queue, for the idle carrier
        });
        try {
            assertThat(bothRunning.await(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .as("both busy threads run at once on two carriers")
                    .isTrue();
            synchronized (where) {
                assertThat(where).doesNotHaveDuplicates();
            }
        } finally {
            release.set(true);
            for (Thread t : List.of(starter, first, second)) {
                t.join(Within.WAIT);
            }
        }
    }

    @Test
    void aThreadLeftInTheSlotOfABusyCarrierRunsOnAnIdleOne() throws Exception {
        Carriers carriers = carriers(2);
        // Both asleep until woken first: the waker's carrier is woken for it, and the other only by the slot.
        asleep(carriers);
        CompletableFuture<Thread> wokenRanOn = new CompletableFuture<>();
        CompletableFuture<Thread> wakerRanOn = new CompletableFuture<>();
        long bound = System.nanoTime() + Within.WAIT.toNanos();
        Thread woken = carriers.threads().unstarted(() -> wokenRanOn.complete(Carriers.currentCarrier()));
        Thread waker = carriers.threads().start(() -> {
            wakerRanOn.complete(Carriers.currentCarrier());
            woken.start(); // into this carrier's slot, which runs only when this thread waits
            while (!wokenRanOn.isDone() && System.nanoTime() - bound < 0) {
                Thread.onSpinWait(); // never waits
            }
        });
        try {
            assertThat(Within.get(wokenRanOn))
                    .as("the woken thread ran while its waker held their carrier")
                    .isNotSameAs(Within.get(wakerRanOn));
        } finally {
            waker.join(Within.WAIT);
        }
    }

    @Test
    void aYieldingThreadRunsAgainAfterTheThreadItWoke() throws Exception {
        Carriers carriers = carriers(1);
        List<String> order = new ArrayList<>();
        Thread woken = carriers.threads().unstarted(() -> {
            synchronized (order) {
                order.add("woken");
            }
        });
        Thread yielder = carriers.threads().start(() -> {
            woken.start();
            Thread.yield();
            synchronized (order) {
                order.add("yielder, after its yield");
            }
        });
        assertThat(yielder.join(Within.WAIT)).isTrue();
        assertThat(woken.join(Within.WAIT)).isTrue();

        synchronized (order) {
            assertThat(order).containsExactly("woken", "yielder, after its yield");
        }
    }

    @Test
    void idleCarriersSleepUntilWokenAndEndOnceShutDown() throws Exception {
        Carriers carriers = carriers(2);
        Thread ran = carriers.threads().start(() -> {});
        assertThat(ran.join(Within.WAIT)).isTrue();

        List<Thread> threads = carriers.carrierThreads();
        assertThat(threads).hasSize(2);
        asleep(carriers);
        Thread again = carriers.threads().start(() -> {});
        assertThat(again.join(Within.WAIT))
                .as("a sleeping scheduler runs a new thread")
                .isTrue();
        carriers.shutDown();
        for (Thread t : threads) {
            t.join(Within.WAIT.toMillis());
            assertThat(t.isAlive()).as("%s ended", t.getName()).isFalse();
        }
    }

    /** Waits until every carrier of {@code carriers} parks with no timeout: with nothing to run, none wakes. */
    private static void asleep(Carriers carriers) {
        Within.eventually(
                "every idle carrier asleep until woken",
                () -> carriers.carrierThreads().stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    }

    @Test
    void theSchedulersAreChosenByNameAndAnyOtherNameIsRefused() {
        assertThat(Carriers.choose("jdk")).isNull();
        assertThat(Carriers.choose(" JDK ")).isNull();

        assertThatThrownBy(() -> Carriers.choose("fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("otp4j.scheduler=fast")
                .hasMessageContaining("jdk")
                .hasMessageContaining("otp4j");
    }

    @Test
    void aNodesProcessesRunOnTheSchedulerTheJvmChose() {
        try (Node node = Node.start("carriers")) {
            Thread carrier = Within.get(Within.spawn(node, self -> Carriers.currentCarrier()));

            if (Carriers.own()) {
                assertThat(carrier.getName()).startsWith("otp4j-carrier-");
                assertThat(Spinning.CARRIERS).isEqualTo(Carriers.count());
                if (System.getProperty("otp4j.receive.spins") == null) {
                    assertThat(Spinning.RECEIVE)
                            .as("a receive's spins on otp4j's scheduler, which keeps a hand-off on its carrier")
                            .isZero();
                }
            } else {
                assertThat(carrier.getName()).doesNotStartWith("otp4j-carrier-");
            }
        }
    }

    /**
     * A JVM that asks for otp4j's scheduler without opening {@code java.lang} gets an error that names the option it
     * lacks; with the option, its processes run on otp4j's carriers. Each child runs a source file on the class path
     * of otp4j-core's classes, as an application would, and is stopped by its handle if it hangs.
     */
    @Test
    void withoutTheOpenedPackageTheErrorNamesTheOptionAndWithItProcessesRunOnOtp4jsCarriers(@TempDir Path dir)
            throws Exception {
        Path source = dir.resolve("Probe.java");
        Files.writeString(source, """
                public class Probe {
                    public static void main(String[] args) throws Exception {
                        try (io.otp4j.process.Node node = io.otp4j.process.Node.start("probe")) {
                            var name = new java.util.concurrent.CompletableFuture<String>();
                            node.spawn(self -> name.complete(Thread.currentThread().toString()));
                            System.out.println("ran on " + name.get(30, java.util.concurrent.TimeUnit.SECONDS));
                        }
                    }
                }
                """);

        Child closed = Child.run(dir, source, false);
        assertThat(closed.exit)
                .as("exit without the option; output:%n%s", closed.output)
                .isNotZero();
        assertThat(closed.output).contains("--add-opens java.base/java.lang=ALL-UNNAMED");

        Child open = Child.run(dir, source, true);
        assertThat(open.exit)
                .as("exit with the option; output:%n%s", open.output)
                .isZero();
        assertThat(open.output).contains("ran on ").contains("otp4j-carrier-");
    }

    private record Child(int exit, String output) {
        private static final long SECONDS = 60;

        static Child run(Path dir, Path source, boolean opened) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            String classes = Path.of(Node.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Dotp4j.scheduler=otp4j"));
            if (opened) {
                command.add("--add-opens");
                command.add("java.base/java.lang=ALL-UNNAMED");
            }
            command.addAll(List.of("-cp", classes + File.pathSeparator + dir, source.toString()));
            Path output = dir.resolve(opened ? "opened.out" : "closed.out");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                assertThat(process.waitFor(SECONDS, TimeUnit.SECONDS))
                        .as("the child JVM ended within %d s", SECONDS)
                        .isTrue();
            } finally {
                process.toHandle().destroyForcibly();
            }
            return new Child(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
    }
}
