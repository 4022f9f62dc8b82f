package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.internal.Spinning;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessHooks;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The workers of a node's pooled processes ({@link Workers}), driven through the SPI with plain bodies. */
class WorkersTest {

    /**
     * A body that waits pooled, and records each message it takes with the thread it took it on and when that
     * thread's slice on its carrier began.
     */
    static final class Recorder implements ProcessBody {
        final List<String> taken = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final List<Short> slices = new CopyOnWriteArrayList<>();

        @Override
        public void run(ProcessContext self) {
            for (; ; ) {
                Object message = Engine.get().receiveOrWaitPooled(self, this);
                if (message == null) {
                    return;
                }
                taken.add((String) message);
                threads.add(Thread.currentThread());
                slices.add(((ProcessImpl) self).sliceStart);
            }
        }
    }

    @Test
    void aPooledBodyTakesItsMessagesInOrderOnWorkersThatEndWithTheNode() {
        Node node = Node.start("workers");
        Recorder recorder = new Recorder();
        Pid pid;
        try {
            pid = node.spawn(recorder);
            for (int i = 0; i < 1_000; i++) {
                node.send(pid, "m" + i);
                if (i % 100 == 0) {
                    int upTo = i + 1;
                    Within.eventually("the message is taken", () -> recorder.taken.size() == upTo);
                }
                if (i == 0) {
                    // Sent at once, the next messages could all be taken by the first thread's spin for more.
                    dormant(pid);
                }
            }
            Within.eventually("every message is taken", () -> recorder.taken.size() == 1_000);
            assertThat(recorder.taken)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1_000)
                            .mapToObj(i -> "m" + i)
                            .toList());
            // Once it had waited without a thread, every message was taken on one of the node's workers.
            assertThat(recorder.threads.subList(1, recorder.threads.size()))
                    .allMatch(t -> t.getName().equals("otp4j-worker workers"));
            assertThat(node.workers.alive()).isPositive();
        } finally {
            node.close();
        }
        assertThat(node.isAlive(pid)).isFalse();
        Within.eventually("the workers end with the node", () -> node.workers.alive() == 0);
    }

    /**
     * A pooled process goes on in the slice of the thread that runs it, which began when that thread got its
     * carrier. The slice it had before it waited is long over: kept, it would end at the first message taken, and
     * the process would give up a carrier it had only just been given whenever other threads wait for one.
     */
    @Test
    void aPooledProcessGoesOnInTheSliceOfTheThreadThatRunsIt() {
        try (Node node = Node.start("workers-slice")) {
            Recorder body = new Recorder();
            Pid pid = node.spawn(body);
            ProcessImpl p = dormant(pid);
            // Each try runs the process on this thread, in a slice begun half a slice ago; a try whose run outlasted
            // the rest of that slice (a slow machine) proves nothing, and is made again.
            for (int attempt = 1; ; attempt++) {
                long now = node.clock().coarseNanoTime();
                p.sliceStart = Spinning.endSliceIfOver(Spinning.NO_SLICE, now - 10 * Spinning.SLICE_NANOS);
                short threads = Spinning.endSliceIfOver(Spinning.NO_SLICE, now - Spinning.SLICE_NANOS / 2);
                assertThat(Lending.claim(p)).isTrue();
                node.send(pid, "m" + attempt);
                short left = p.runOn(Thread.currentThread(), threads);
                if (!Spinning.sliceDue(threads, node.clock().coarseNanoTime())) {
                    assertThat(body.slices).hasSize(attempt);
                    assertThat(body.slices.getLast())
                            .as("the slice the message was taken in")
                            .isEqualTo(threads);
                    assertThat(left).as("the slice the thread goes on in").isEqualTo(threads);
                    return;
                }
                assertThat(attempt).as("tries whose run outlasted half a slice").isLessThan(10);
            }
        }
    }

    @Test
    void anIdleWorkerEndsOnItsOwn() {
        try (Node node = Node.start("workers-idle")) {
            Recorder recorder = new Recorder();
            Pid pid = node.spawn(recorder);
            dormant(pid);
            node.send(pid, "wake");
            Within.eventually("the message is taken", () -> recorder.taken.size() == 1);
            assertThat(recorder.threads.get(0).getName()).isEqualTo("otp4j-worker workers-idle");
            // Nothing more to run: a second after it idles, the worker ends (Within waits up to 5 s).
            Within.eventually("the idle worker ends", () -> node.workers.alive() == 0);
            node.send(pid, "again");
            Within.eventually("a new worker takes the next message", () -> recorder.taken.size() == 2);
            assertThat(recorder.threads.get(1).getName()).isEqualTo("otp4j-worker workers-idle");
            assertThat(recorder.threads.get(1)).isNotSameAs(recorder.threads.get(0));
        }
    }

    @Test
    void anInterruptReachesAWorkerOnlyWhileItIsStillTheProcesssThread() throws Exception {
        try (Node node = Node.start("workers-interrupt")) {
            Recorder recorder = new Recorder();
            Pid pid = node.spawn(recorder);
            ProcessImpl p = dormant(pid);

            // A thread standing in for a worker, and a signal's two steps (read the thread, then interrupt it)
            // on either side of the worker leaving the process.
            java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch interruptedOnce = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch read = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);
            boolean[] seen = new boolean[3];
            Thread worker = Thread.ofPlatform().start(() -> {
                p.thread = Thread.currentThread();
                taken.countDown();
                spinUntil(interruptedOnce); // not an interruptible wait: the interrupt is what is looked at
                seen[0] = Thread.interrupted(); // while it ran the process: the interrupt is the process's
                Within.await(read);
                p.leaveThread();
                left.countDown();
                spinUntil(signalled);
                seen[1] = Thread.currentThread().isInterrupted(); // it has left: nothing may reach it
                seen[2] = true;
            });
            Within.await(taken);
            p.interruptIfStill(worker);
            interruptedOnce.countDown();
            Thread t = java.util.Objects.requireNonNull(p.thread);
            read.countDown();
            Within.await(left);
            p.interruptIfStill(t);
            signalled.countDown();
            worker.join(Within.WAIT);

            assertThat(seen[2]).as("the worker ran to its end").isTrue();
            assertThat(seen[0]).as("interrupted while the process's thread").isTrue();
            assertThat(seen[1]).as("interrupted after leaving the process").isFalse();
        }
    }

    @Test
    void aWorkerThatEndsWithAnErrorIsNotCountedFree() {
        try (Node node = Node.start("workers-error")) {
            Recorder victimBody = new Recorder();
            Recorder otherBody = new Recorder();
            Pid victim = node.spawn(victimBody);
            Pid other = node.spawn(otherBody);
            for (Pid pid : List.of(victim, other)) {
                dormant(pid);
            }
            // The victim's exit throws out of its worker (a hook that fails), and that worker ends with it.
            Engine.get().hooks(node, new ProcessHooks() {
                @Override
                public void spawned(Pid pid) {}

                @Override
                public void exited(Pid pid, ExitReason reason) {
                    if (pid.equals(victim)) {
                        throw new IllegalStateException("a hook that fails, for the test");
                    }
                }

                @Override
                public @Nullable Object capture(Pid to, Object message) {
                    return null;
                }
            });
            try {
                node.exit(victim, ExitReason.kill());
                Within.eventually("the victim has exited", () -> !node.isAlive(victim));
                Within.eventually("every worker has ended", () -> node.workers.alive() == 0);
                // Counted free, the dead worker would leave this message with no worker to run it.
                node.send(other, "after");
                Within.eventually("a new worker takes the message", () -> otherBody.taken.equals(List.of("after")));
            } finally {
                Engine.get().hooks(node, null);
            }
        }
    }

    /** {@return the process of {@code pid}, once it has waited pooled and is dormant: without a thread} */
    private static ProcessImpl dormant(Pid pid) {
        ProcessImpl p = java.util.Objects.requireNonNull(pid.process);
        Within.eventually("the process waits without a thread", () -> p.pooled && p.mailbox.isDormant());
        return p;
    }

    /** Waits for {@code latch} without taking an interrupt (at most {@link Within#WAIT}). */
    private static void spinUntil(java.util.concurrent.CountDownLatch latch) {
        long deadline = System.nanoTime() + Within.WAIT.toNanos();
        while (latch.getCount() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the latch did not open within " + Within.WAIT);
            }
            Thread.onSpinWait();
        }
    }
}
