package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.NullArguments;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Bad arguments fail at once, with an exception that says which argument. */
class BadInputTest {

    /** Smuggles a null past the null checker, as a caller without one would. */
    @SuppressWarnings("NullAway")
    private static <T> T none() {
        return null;
    }

    private static final Duration NEGATIVE = Duration.ofMillis(-1);

    @Test
    void nullsToTheNodeAreRejectedNamingTheArgument() {
        try (Node node = Node.start("bad-null")) {
            Probe probe = Probe.spawn(node);
            Pid pid = probe.pid();
            assertNpe(() -> node.send((Pid) none(), "m"), "to");
            assertNpe(() -> node.send(pid, none()), "message");
            assertNpe(() -> node.send((String) none(), "m"), "name");
            assertNpe(() -> node.send("someone", none()), "message");
            assertNpe(() -> node.exit(none(), ExitReason.kill()), "pid");
            assertNpe(() -> node.exit(pid, none()), "reason");
            assertNpe(() -> node.spawn(none()), "body");
            assertNpe(() -> node.spawn(none(), self -> {}), "options");
            assertNpe(() -> node.register(none(), pid), "name");
            assertNpe(() -> node.register("x", none()), "pid");
            assertNpe(() -> node.info(none()), "pid");
            assertNpe(() -> node.sendAfter((Pid) none(), Duration.ZERO, "m"), "to");
            assertNpe(() -> node.sendAfter(pid, Duration.ZERO, none()), "message");
            assertNpe(() -> node.sendAfter(pid, none(), "m"), "delay");
            assertNpe(() -> node.cancelTimer(none()), "timer");
            assertNpe(() -> node.suspend(none()), "pid");
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void nullsToAProcessAreRejectedNamingTheArgument() {
        try (Node node = Node.start("bad-null-process")) {
            Probe probe = Probe.spawn(node);
            List<Throwable> failures = probe.call(self -> {
                List<Throwable> out = new ArrayList<>();
                List<Runnable> calls = List.of(
                        () -> self.send((Pid) none(), "m"),
                        () -> self.send(self.self(), none()),
                        () -> self.link(none()),
                        () -> self.unlink(none()),
                        () -> self.monitor(none()),
                        () -> self.demonitor(none()),
                        () -> self.exit((ExitReason) none()),
                        () -> self.exit(none(), ExitReason.kill()),
                        () -> self.receive((Predicate<Object>) none()),
                        () -> self.receive((Class<?>) none()),
                        () -> self.receive((Duration) none()));
                for (Runnable call : calls) {
                    try {
                        call.run();
                        out.add(new AssertionError("no exception"));
                    } catch (RuntimeException e) {
                        out.add(e);
                    }
                }
                return out;
            });
            assertThat(failures).hasSize(11).allSatisfy(f -> assertThat(f).isInstanceOf(NullPointerException.class));
            assertThat(failures.stream().map(Throwable::getMessage))
                    .containsExactly(
                            "to",
                            "message must not be null",
                            "pid",
                            "pid",
                            "pid",
                            "ref",
                            "reason",
                            "pid",
                            "match",
                            "type",
                            "timeout");
            assertThat(node.isAlive(probe.pid())).isTrue();
        }
    }

    @Test
    void negativeTimeoutsAreRejected() {
        try (Node node = Node.start("bad-timeout")) {
            Probe probe = Probe.spawn(node);
            List<Throwable> failures = probe.call(self -> {
                List<Throwable> out = new ArrayList<>();
                List<Runnable> calls = List.of(
                        () -> self.receive(NEGATIVE),
                        () -> self.receive(m -> true, NEGATIVE),
                        () -> self.receive(String.class, NEGATIVE),
                        () -> self.sendAfter(self.self(), NEGATIVE, "m"));
                for (Runnable call : calls) {
                    try {
                        call.run();
                        out.add(new AssertionError("no exception"));
                    } catch (RuntimeException e) {
                        out.add(e);
                    }
                }
                return out;
            });
            assertThat(failures)
                    .hasSize(4)
                    .allSatisfy(f -> assertThat(f)
                            .isInstanceOf(IllegalArgumentException.class)
                            .hasMessageContaining("negative"));
            assertThatThrownBy(() -> node.sendAfter(probe.pid(), NEGATIVE, "m"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> node.sendAfter("name", NEGATIVE, "m"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MailboxConfig.blocking(4, NEGATIVE)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MailboxConfig.bounded(0, OverflowPolicy.REJECT))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> MailboxConfig.bounded(4, OverflowPolicy.BLOCK))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(probe.drain()).isEmpty();
        }
    }

    @Test
    void callsOnAProcessFromAnotherThreadAreRejected() {
        try (Node node = Node.start("bad-thread")) {
            CompletableFuture<ProcessContext> context = new CompletableFuture<>();
            Pid pid = node.spawn(self -> {
                context.complete(self);
                self.receive();
            });
            ProcessContext foreign = Probe.get(context);
            Pid other = node.spawn(self -> self.receive());

            List<ThrowingCallable> ownerOnly = List.of(
                    foreign::receive,
                    () -> foreign.receive(Duration.ZERO),
                    () -> foreign.receive(m -> true),
                    () -> foreign.receive(String.class),
                    () -> foreign.link(other),
                    () -> foreign.unlink(other),
                    () -> foreign.monitor(other),
                    () -> foreign.trapExits(true),
                    () -> foreign.exit(ExitReason.normal()),
                    () -> foreign.spawnLink(self -> {}),
                    () -> foreign.spawnMonitor(self -> {}),
                    () -> foreign.spawnLinkMonitor(self -> {}));
            for (ThrowingCallable call : ownerOnly) {
                assertThatThrownBy(call)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(pid.toString());
            }
            // None of them did anything to the process.
            ProcessInfo info = node.info(pid).orElseThrow();
            assertThat(info.links()).isEmpty();
            assertThat(info.monitors()).isEmpty();
            assertThat(info.trapExits()).isFalse();
            assertThat(node.processCount()).isEqualTo(2);

            // From another process's thread it is just as foreign.
            Probe probe = Probe.spawn(node);
            assertThatThrownBy(() -> probe.call(self -> foreign.receive(Duration.ZERO)))
                    .isInstanceOf(IllegalStateException.class);

            // The calls that do not act on the caller work from anywhere.
            assertThat(foreign.self()).isEqualTo(pid);
            assertThat(foreign.send(probe.pid(), "from outside")).isEqualTo(Delivery.ACCEPTED);
            assertThat(probe.next()).isEqualTo("from outside");
        }
    }

    private static void assertNpe(ThrowingCallable call, String argument) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(argument);
    }

    @Test
    void exitReasonsNameTheirNullArguments() {
        assertNpe(() -> ExitReason.shutdown(none()), "detail");
        assertNpe(() -> ExitReason.crash(none()), "cause");
        assertNpe(() -> ExitReason.custom(none()), "value");
    }

    @Test
    void everySpawnOptionsBuilderNamesItsNullArgument() {
        assertThat(NullArguments.check().builders(SpawnOptions.defaults()))
                .contains("SpawnOptions.withMailbox(mailbox = null)", "SpawnOptions.withName(name = null)");
    }
}
