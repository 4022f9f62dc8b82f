package io.otp4j.testkit;

import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.NoProcException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.time.Deadline;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A process that a test drives and asserts on: it receives messages, monitors and links to other processes,
 * and the test checks what it got with bounded waits.
 *
 * {@snippet class="io.otp4j.testkit.TestkitDocSnippetsTest" region="probe"}
 *
 * <h2>How it works</h2>
 *
 * The probe is an ordinary process on the node. Its body takes every message from its mailbox and hands it to
 * a queue that the test thread reads; the {@code expect…} methods wait on that queue. Actions that a process
 * can only take for itself ({@link #watch}, {@link #link}, {@link #trapExits}, {@link #send} from the probe,
 * {@link #exit}) travel to the probe as internal control messages and run on its own thread; the test thread
 * waits for them, at most the probe's {@linkplain #defaultTimeout() timeout}. Control messages never show up
 * among the received messages.
 *
 * <p>A control action runs after every message that reached the probe before it, so when one returns, those
 * messages are already waiting for the {@code expect…} methods.
 *
 * <h2>Time</h2>
 *
 * Every wait is a real-time wait on the calling thread, bounded by the probe's default timeout (3 s unless
 * {@linkplain #defaultTimeout(Duration) changed}) or by the {@link Duration} an overload takes. It does not
 * depend on the node's clock: a probe on a node with a {@link ManualClock} waits the same way, and the probe
 * schedules nothing on that clock. The {@code expect…} methods return as soon as a message arrives; only
 * {@link #expectNoMessage(Duration)} waits out its whole duration, so tests pass it a short one.
 *
 * <h2>Failures</h2>
 *
 * A failed expectation throws a {@link ProbeAssertionError} naming the probe, what was expected, within what
 * time, and what arrived instead (or that nothing did). The message that did not match is consumed.
 *
 * <p>If the probe traps exits and its node closes, it leaves on the node's {@code shutdown}, so closing the
 * node does not wait out a grace period for it.
 *
 * <p>The methods may be called from any thread, but a probe is meant to be read by one test thread at a time.
 */
public final class TestProbe {

    /** How long the {@code expect…} methods and control actions wait unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    /** Runs an action on the probe's own thread and completes {@code result} with what it returned. */
    private record Call(Function<ProcessContext, Object> action, CompletableFuture<Object> result) {}

    /** Ends the probe with {@code reason}. */
    private record Stop(ExitReason reason) {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> received;
    private final CompletableFuture<Void> terminated;
    private volatile Duration timeout = DEFAULT_TIMEOUT;

    private TestProbe(Node node, Pid pid, LinkedBlockingQueue<Object> received, CompletableFuture<Void> terminated) {
        this.node = node;
        this.pid = pid;
        this.received = received;
        this.terminated = terminated;
    }

    /**
     * Spawns a probe on {@code node}.
     *
     * @param node the node the probe's process runs on; open
     * @return the probe, alive, with an empty queue and the default timeout of 3 seconds
     * @throws io.otp4j.process.NodeClosedException if the node is closed
     */
    public static TestProbe spawn(Node node) {
        Objects.requireNonNull(node, "node");
        return spawn(node, SpawnOptions.defaults());
    }

    /**
     * Spawns a probe on {@code node}, registered as {@code name}.
     *
     * @param node the node the probe's process runs on; open
     * @param name the name to register its process under; not blank
     * @return the probe, alive and registered, with an empty queue
     * @throws io.otp4j.process.NameTakenException if the name is taken
     */
    public static TestProbe spawn(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        return spawn(node, SpawnOptions.defaults().withName(name));
    }

    private static TestProbe spawn(Node node, SpawnOptions options) {
        Objects.requireNonNull(node, "node");
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        CompletableFuture<Void> terminated = new CompletableFuture<>();
        Pid pid = node.spawn(options, self -> {
            try {
                loop(self, received);
            } finally {
                terminated.complete(null);
            }
        });
        return new TestProbe(node, pid, received, terminated);
    }

    private static void loop(ProcessContext self, LinkedBlockingQueue<Object> received) {
        while (true) {
            Object message = self.receive();
            if (message instanceof Call call) {
                try {
                    call.result().complete(call.action().apply(self));
                } catch (RuntimeException e) {
                    call.result().completeExceptionally(e);
                }
                // An Error is the probe exiting (or the JVM in trouble): it goes on unwinding, and the caller
                // learns that the probe exited.
            } else if (message instanceof Stop(ExitReason reason)) {
                self.exit(reason);
            } else {
                received.add(message);
                if (message instanceof Exit(Pid from, ExitReason reason)
                        && from.equals(self.node().pid())
                        && self.node().isClosed()) {
                    self.exit(reason); // the node is closing: a probe that traps exits leaves at once
                }
            }
        }
    }

    // ------------------------------------------------------------------ identity and settings

    /** {@return the probe's pid} */
    public Pid pid() {
        return pid;
    }

    /** {@return the node the probe runs on} */
    public Node node() {
        return node;
    }

    /** {@return how long the methods without a {@link Duration} wait} */
    public Duration defaultTimeout() {
        return timeout;
    }

    /**
     * Sets how long the methods without a {@link Duration} wait, and control actions too.
     *
     * @param timeout the new default wait; Duration.ZERO takes only what has arrived, never negative
     * @return this probe
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public TestProbe defaultTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        nanos(timeout);
        this.timeout = timeout;
        return this;
    }

    /** {@return whether the probe's process is alive} */
    public boolean isAlive() {
        return node.isAlive(pid);
    }

    // ------------------------------------------------------------------ acting as the probe

    /**
     * Sends {@code message} to {@code to} from the probe's own process, so messages to one receiver arrive in
     * the order sent, and a receiver that answers {@code probe.pid()} answers the probe.
     *
     * @param to the receiver, of this node or (with a cluster) of another
     * @param message what to send; not null
     * @return what became of the message
     */
    public Delivery send(Pid to, Object message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        return call("send to " + to, self -> self.send(to, message));
    }

    /**
     * Sends {@code message} from the probe to the process registered as {@code name}.
     *
     * @param name a name registered on the probe's node
     * @param message what to send; not null
     * @return what became of the message
     * @throws io.otp4j.process.NameNotRegisteredException if no process holds the name
     */
    public Delivery send(String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        return call("send to " + name, self -> self.send(name, message));
    }

    /**
     * Monitors {@code target} from the probe: when it exits, the probe receives its {@link Down} (at once,
     * with {@code noproc}, if it is not alive). See {@link #expectDown(Pid)}.
     *
     * @param target the process to monitor; one not alive gives an immediate Down with noproc
     * @return the monitor, which {@link Down#ref()} of the Down names
     */
    public MonitorRef watch(Pid target) {
        Objects.requireNonNull(target, "target");
        return call("monitor " + target, self -> self.monitor(target));
    }

    /**
     * Links the probe to {@code target}. Unless the probe {@linkplain #trapExits traps exits}, an abnormal
     * exit of {@code target} ends the probe.
     *
     * @param target the process to link to
     * @throws NoProcException if {@code target} is not alive and the probe does not trap exits (one that
     *     does receives {@code Exit(target, noproc)})
     */
    public void link(Pid target) {
        Objects.requireNonNull(target, "target");
        call("link to " + target, self -> {
            self.link(target);
            return Boolean.TRUE;
        });
    }

    /**
     * Removes the probe's link to {@code target}, if any.
     *
     * @param target the process to unlink from; one it is not linked to is ignored
     */
    public void unlink(Pid target) {
        Objects.requireNonNull(target, "target");
        call("unlink from " + target, self -> {
            self.unlink(target);
            return Boolean.TRUE;
        });
    }

    /**
     * Sets whether the probe traps exits: receives exit signals as {@link Exit} messages (see {@link
     * #expectExit(Pid)}) instead of being ended by them.
     *
     * @param trap true to receive exit signals as messages, false to be ended by abnormal ones
     * @return the previous setting
     */
    public boolean trapExits(boolean trap) {
        return call("set trapExits to " + trap, self -> self.trapExits(trap));
    }

    /**
     * Ends the probe with {@code reason}, as if it called {@code exit(reason)} itself, and waits until its
     * body has finished (its links and monitors hear of it right after). Does nothing if it is not alive.
     *
     * @param reason the probe's exit reason, which its links and monitors receive
     */
    public void exit(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (terminated.isDone() || !node.send(pid, new Stop(reason)).accepted()) {
            return;
        }
        Duration limit = timeout;
        try {
            terminated.get(nanos(limit), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!isAlive()) {
                return; // ended before its body ran, so the body's end is never reported
            }
            throw new ProbeAssertionError(pid, "did not exit with " + reason + " within " + limit, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // never: terminated only completes normally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeAssertionError(pid, "interrupted while waiting for it to exit", e);
        }
    }

    /** Ends the probe normally; see {@link #exit(ExitReason)}. */
    public void stop() {
        exit(ExitReason.normal());
    }

    // ------------------------------------------------------------------ expectations

    /** {@return the next message}, waiting at most the default timeout */
    public Object expectMessage() {
        return expectMessage(timeout);
    }

    /**
     * {@return the next message}, waiting at most {@code timeout}
     *
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Object expectMessage(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return next("a message", timeout);
    }

    /**
     * {@return the next message, which must be a {@code type}} (a primitive type stands for its box). Fails if
     * none comes within the default timeout, or if the next one is of another type.
     *
     * @param <T> the message's type
     * @param type the class the next message must be an instance of
     */
    public <T> T expectMessage(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return expectMessage(type, timeout);
    }

    /**
     * {@return the next message, which must be a {@code type}}, waiting at most {@code timeout}
     *
     * @param <T> the message's type
     * @param type the class the next message must be an instance of
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public <T> T expectMessage(Class<T> type, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(type, "type");
        @SuppressWarnings("unchecked") // wrap() maps a class to its own box, the class itself if not primitive
        Class<T> boxed = (Class<T>) MethodType.methodType(type).wrap().returnType();
        String expected = "a message of type " + type.getTypeName();
        Object message = next(expected, timeout);
        if (!boxed.isInstance(message)) {
            throw mismatch(expected, timeout, message);
        }
        return boxed.cast(message);
    }

    /**
     * {@return the next message, which must equal {@code expected}}. An argument that is a {@link Duration}
     * or a {@link Class} selects another overload; to expect such a message, use {@link
     * #expectMessage(Object, Duration)} with a Duration, or {@link #expectMessage(Predicate, String)}.
     *
     * @param expected what the next message must equal (by {@code equals})
     */
    public Object expectMessage(Object expected) {
        Objects.requireNonNull(expected, "expected");
        return expectMessage(expected, timeout);
    }

    /**
     * {@return the next message, which must equal {@code expected}}, waiting at most {@code timeout}
     *
     * @param expected what the next message must equal (by {@code equals})
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Object expectMessage(Object expected, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(expected, "expected");
        String description = describe(expected);
        Object message = next(description, timeout);
        if (!expected.equals(message)) {
            throw mismatch(description, timeout, message);
        }
        return message;
    }

    /**
     * {@return the next message, which {@code match} must accept}
     *
     * @param match accepts the expected message; the next message must pass it
     * @param description what {@code match} accepts, for the failure message ("a Pong with count 3")
     */
    public Object expectMessage(Predicate<Object> match, String description) {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(description, "description");
        return expectMessage(match, description, timeout);
    }

    /**
     * {@return the next message, which {@code match} must accept}, waiting at most {@code timeout}
     *
     * @param match accepts the expected message; the next message must pass it
     * @param description what {@code match} accepts, for the failure message
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Object expectMessage(Predicate<Object> match, String description, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(description, "description");
        Object message = next(description, timeout);
        if (!match.test(message)) {
            throw mismatch(description, timeout, message);
        }
        return message;
    }

    /**
     * Fails if any message arrives within {@code duration}. This is the one call that always waits its whole
     * duration (it cannot know sooner that nothing will come), so pass a short one, such as 100 ms.
     *
     * @param duration how long to wait, in real time, for no message to arrive; never negative
     */
    public void expectNoMessage(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        Object message = poll(duration, "no message");
        if (message != null) {
            throw new ProbeAssertionError(
                    pid, "expected no message within " + duration + ", but received " + describe(message));
        }
    }

    /**
     * {@return the next message, which must be the {@link Down} of {@code target}} (see {@link #watch})
     *
     * @param target the process whose Down is expected
     */
    public Down expectDown(Pid target) {
        Objects.requireNonNull(target, "target");
        return expectDown(target, timeout);
    }

    /**
     * {@return the next message, which must be the {@link Down} of {@code target}}, waiting at most {@code timeout}
     *
     * @param target the process whose Down is expected
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Down expectDown(Pid target, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(target, "target");
        return expectOf(
                Down.class, "Down of " + target, timeout, down -> down.pid().equals(target));
    }

    /**
     * {@return the next message, which must be the {@link Down} of {@code target} with {@code reason}}
     *
     * @param target the process whose Down is expected
     * @param reason the exit reason the Down must carry
     */
    public Down expectDown(Pid target, ExitReason reason) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        return expectDown(target, reason, timeout);
    }

    /**
     * {@return the next message, which must be the Down of {@code target} with {@code reason}}, waiting at most {@code timeout}
     *
     * @param target the process whose Down is expected
     * @param reason the exit reason the Down must carry
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Down expectDown(Pid target, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        return expectOf(
                Down.class,
                "Down of " + target + " with reason " + reason,
                timeout,
                down -> down.pid().equals(target) && down.reason().equals(reason));
    }

    /**
     * {@return the next message, which must be an {@link Exit} from {@code from}} (the probe must {@linkplain
     * #trapExits trap exits} to receive one)
     *
     * @param from the process whose exit signal is expected
     */
    public Exit expectExit(Pid from) {
        Objects.requireNonNull(from, "from");
        return expectExit(from, timeout);
    }

    /**
     * {@return the next message, which must be an {@link Exit} from {@code from}}, waiting at most {@code timeout}
     *
     * @param from the process whose exit signal is expected
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Exit expectExit(Pid from, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(from, "from");
        return expectOf(
                Exit.class, "Exit from " + from, timeout, exit -> exit.from().equals(from));
    }

    /**
     * {@return the next message, which must be an {@link Exit} from {@code from} with {@code reason}}
     *
     * @param from the process whose exit signal is expected
     * @param reason the exit reason the Exit must carry
     */
    public Exit expectExit(Pid from, ExitReason reason) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
        return expectExit(from, reason, timeout);
    }

    /**
     * {@return the next message, which must be an Exit from {@code from} with {@code reason}}, waiting at most {@code timeout}
     *
     * @param from the process whose exit signal is expected
     * @param reason the exit reason the Exit must carry
     * @param timeout how long to wait for it, in real time; Duration.ZERO takes only what has arrived, never negative
     */
    public Exit expectExit(Pid from, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
        return expectOf(
                Exit.class,
                "Exit from " + from + " with reason " + reason,
                timeout,
                exit -> exit.from().equals(from) && exit.reason().equals(reason));
    }

    /** The next message, which must be a {@code type} that {@code matches}; otherwise a failure naming both. */
    private <T> T expectOf(Class<T> type, String expected, Duration timeout, Predicate<T> matches) {
        Object message = next(expected, timeout);
        if (!type.isInstance(message) || !matches.test(type.cast(message))) {
            throw mismatch(expected, timeout, message);
        }
        return type.cast(message);
    }

    @Override
    public String toString() {
        return "TestProbe" + pid;
    }

    // ------------------------------------------------------------------ machinery

    private Object next(String expected, Duration timeout) {
        Object message = poll(timeout, expected);
        if (message == null) {
            throw new ProbeAssertionError(
                    pid,
                    "expected " + expected + " within " + timeout + ", but nothing arrived"
                            + (isAlive() ? "" : " (the probe is not alive)"));
        }
        return message;
    }

    private @Nullable Object poll(Duration timeout, String expected) {
        long nanos = nanos(timeout);
        try {
            return received.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeAssertionError(pid, "interrupted while waiting for " + expected, e);
        }
    }

    private ProbeAssertionError mismatch(String expected, Duration timeout, Object message) {
        return new ProbeAssertionError(
                pid, "expected " + expected + " within " + timeout + ", but received " + describe(message));
    }

    private static String describe(Object message) {
        String text = message instanceof String s ? '"' + s + '"' : String.valueOf(message);
        return text + " (" + message.getClass().getTypeName() + ")";
    }

    /**
     * Runs {@code action} on the probe's thread and returns its result, waiting at most the default timeout;
     * what the action throws is rethrown here.
     */
    @SuppressWarnings("unchecked") // the future holds what the action of type T returned
    private <T> T call(String what, Function<ProcessContext, T> action) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Delivery delivery = node.send(pid, new Call(action::apply, result));
        if (!delivery.accepted()) {
            throw new ProbeAssertionError(pid, "cannot " + what + ": the probe is not alive");
        }
        Duration limit = timeout;
        try {
            CompletableFuture.anyOf(result, terminated).get(nanos(limit), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // the action failed: rethrown below
        } catch (TimeoutException e) {
            throw new ProbeAssertionError(
                    pid,
                    "did not " + what + " within " + limit
                            + (isAlive() ? " (is the probe busy?)" : " (the probe is not alive)"),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeAssertionError(pid, "interrupted while waiting to " + what, e);
        }
        if (!result.isDone()) {
            // Its body ended before the action ran: the message got in while the mailbox was closing. The same
            // situation, as the caller sees it, as a send that was refused.
            throw new ProbeAssertionError(pid, "cannot " + what + ": the probe is not alive");
        }
        try {
            return (T) result.join();
        } catch (CompletionException e) {
            Unchecked.rethrow(e.getCause());
            throw e;
        }
    }

    private static long nanos(Duration timeout) {
        return Deadline.nanos(timeout, "timeout");
    }
}
