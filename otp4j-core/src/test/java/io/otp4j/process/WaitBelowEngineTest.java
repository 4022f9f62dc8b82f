package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.spi.Engine;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link Engine#receiveOrWaitBelow}: a body takes its next message or returns to wait in the process's own
 * frame, and the process runs the resume body on the same thread once something arrives; suspension and exit
 * signals keep their meaning.
 */
class WaitBelowEngineTest {

    private static final Engine ENGINE = Engine.get();

    /** Takes messages into {@code taken} until "stop"; waits below whenever its mailbox is empty. */
    private record Taker(List<Object> taken, List<Thread> threads, CompletableFuture<Void> stopped)
            implements ProcessBody {

        Taker() {
            this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>(), new CompletableFuture<>());
        }

        @Override
        public void run(ProcessContext self) {
            threads.add(Thread.currentThread());
            for (; ; ) {
                Object message = ENGINE.receiveOrWaitBelow(self, this);
                if (message == null) {
                    return;
                }
                if (message.equals("stop")) {
                    stopped.complete(null);
                    return; // ends the process normally: this return did not ask to wait
                }
                taken.add(message);
            }
        }
    }

    @Test
    void aBodyWaitsBelowAndIsRunAgainOnTheSameThreadUntilItEnds() {
        try (Node node = Node.start("below")) {
            Taker taker = new Taker();
            Pid pid = node.spawn(taker);
            CompletableFuture<Down> down = Within.watch(node, pid);
            for (int i = 0; i < 5; i++) {
                Within.eventually(
                        "the process waits",
                        () -> node.info(pid)
                                .map(p -> p.status() == ProcessStatus.WAITING)
                                .orElse(false));
                node.send(pid, i);
                int expected = i + 1;
                Within.eventually(
                        "message " + i + " is taken", () -> taker.taken().size() == expected);
            }
            node.send(pid, "stop");

            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.normal());
            assertThat(taker.taken()).containsExactly(0, 1, 2, 3, 4);
            assertThat(taker.threads())
                    .hasSizeGreaterThan(1)
                    .allMatch(t -> t == taker.threads().get(0));
        }
    }

    @Test
    void aSuspendedProcessWaitingBelowTakesNothingUntilResumedAndAnExitSignalEndsIt() {
        try (Node node = Node.start("below-suspend")) {
            Taker taker = new Taker();
            Pid pid = node.spawn(taker);
            node.send(pid, "first");
            Within.eventually("the first message is taken", () -> taker.taken().size() == 1);
            Within.eventually(
                    "the process waits",
                    () -> node.info(pid)
                            .map(p -> p.status() == ProcessStatus.WAITING)
                            .orElse(false));

            node.suspend(pid);
            node.send(pid, "held");
            Within.eventually(
                    "the message is queued",
                    () -> node.info(pid)
                            .map(p -> p.mailboxLength() == 1 && p.status() == ProcessStatus.SUSPENDED)
                            .orElse(false));
            assertThat(taker.taken()).containsExactly("first");
            assertThat(node.resume(pid)).isTrue();
            Within.eventually("the held message is taken", () -> taker.taken().size() == 2);

            CompletableFuture<Down> down = Within.watch(node, pid);
            node.exit(pid, ExitReason.custom("enough"));
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.custom("enough"));
            assertThat(taker.stopped()).isNotDone();
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void onlyTheProcessItselfMayWaitBelowAndBothArgumentsAreNeeded() {
        try (Node node = Node.start("below-bad")) {
            ProcessContext context = Within.inProcess(node, self -> self);
            ProcessBody nothing = self -> {};
            assertThatThrownBy(() -> ENGINE.receiveOrWaitBelow(context, nothing))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("own thread");
            assertThatThrownBy(() -> ENGINE.receiveOrWaitBelow(context, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("resume");
            assertThatThrownBy(() -> ENGINE.receiveOrWaitBelow(null, nothing))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("self");
        }
    }
}
