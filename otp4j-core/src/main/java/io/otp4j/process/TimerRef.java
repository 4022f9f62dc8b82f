package io.otp4j.process;

import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A timer started by {@code sendAfter}. It fires once, delivering its message, unless cancelled first.
 *
 * <p>Firing and cancelling race on one atomic state: exactly one of them wins. If {@code cancel} wins, the
 * message is never delivered; if the timer fired first, {@code cancel} says so and the message is (or will
 * be) in the mailbox, as with Erlang's {@code erlang:cancel_timer/1}.
 */
public final class TimerRef {

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(TimerRef.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long id;
    private final long deadline;
    private final Clock clock;
    private final Object message;
    /** The destination process, or null when the destination is elsewhere. */
    private final @Nullable ProcessImpl target;

    /** Where the message goes when {@link #target} is null: a name resolved at firing time, or a remote pid. */
    private final @Nullable Object elsewhere;

    private final Node node;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    /**
     * The clock's action, set once just after it is scheduled. Volatile, and read back against {@link #state}
     * by {@link #scheduled}, so that a cancel that comes before it is set still reaches the clock.
     */
    private volatile Clock.@Nullable Scheduled scheduled;

    TimerRef(
            Node node,
            long id,
            long deadline,
            Object message,
            @Nullable ProcessImpl target,
            @Nullable Object elsewhere) {
        this.node = node;
        this.id = id;
        this.deadline = deadline;
        this.clock = node.clock();
        this.message = message;
        this.target = target;
        this.elsewhere = elsewhere;
    }

    /** Starts a timer for {@link Node#sendAfter(Pid, Duration, Object)}. */
    static TimerRef start(Node node, Pid to, Duration delay, Object message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message must not be null");
        long nanos = Deadline.nanos(delay, "delay");
        ProcessImpl target = to.process;
        boolean remote = target == null && !node.isLocal(to);
        TimerRef timer = new TimerRef(
                node, node.nextRef(), Deadline.after(node.clock(), nanos), message, target, remote ? to : null);
        if (!remote && (target == null || !addTo(target, timer))) {
            timer.cancelSilently(); // a timer aimed at a process that is not alive
            return timer;
        }
        timer.scheduled(node.clock().schedule(nanos, timer::fire));
        return timer;
    }

    /** Starts a timer for {@link Node#sendAfter(String, Duration, Object)}. */
    static TimerRef start(Node node, String name, Duration delay, Object message) {
        Names.check(name);
        Objects.requireNonNull(message, "message must not be null");
        long nanos = Deadline.nanos(delay, "delay");
        TimerRef timer = new TimerRef(node, node.nextRef(), Deadline.after(node.clock(), nanos), message, null, name);
        timer.scheduled(node.clock().schedule(nanos, timer::fire));
        return timer;
    }

    /** Remembers a timer aimed at {@code p}, to cancel it on exit; false if the process is dead. */
    private static boolean addTo(ProcessImpl p, TimerRef timer) {
        synchronized (p) {
            if (p.dead) {
                return false;
            }
            p.relations().timers().add(timer);
            return true;
        }
    }

    private void scheduled(Clock.Scheduled scheduled) {
        this.scheduled = scheduled;
        // A cancel (or the target's exit) that won before the line above found no action to cancel, so the
        // clock would hold it until its deadline. Both sides write, then read the other's volatile field:
        // at least one of them sees the other and cancels the action.
        if ((int) STATE.getVolatile(this) == CANCELLED) {
            scheduled.cancel();
        }
    }

    /** {@return the message this timer delivers} */
    Object message() {
        return message;
    }

    /** Runs on the clock's thread when the delay has passed. */
    void fire() {
        if (!STATE.compareAndSet(this, PENDING, FIRED)) {
            return;
        }
        if (target != null) {
            forget(target);
            target.deliverSystem(message);
        } else if (elsewhere instanceof String name) {
            node.whereisProcess(name).ifPresent(p -> p.deliverSystem(message));
        } else if (elsewhere instanceof Pid remote) {
            node.route().send(remote, message);
        }
    }

    /** Cancels on the owner's exit; no time is reported to anyone. */
    void cancelSilently() {
        if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
            Clock.Scheduled s = scheduled;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /**
     * Cancels the timer.
     *
     * @return the time that was left, or empty if the timer had already fired or been cancelled
     */
    Optional<java.time.Duration> cancel() {
        if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
            return Optional.empty();
        }
        Clock.Scheduled s = scheduled;
        if (s != null) {
            s.cancel();
        }
        if (target != null) {
            forget(target);
        }
        return Optional.of(remaining());
    }

    /** Removes this timer from {@code target}'s, which cancel on its exit. */
    private void forget(ProcessImpl target) {
        synchronized (target) {
            Relations r = target.relations;
            if (r != null && r.timers != null) {
                r.timers.remove(this);
            }
        }
    }

    /** {@return the time left, or empty if the timer has fired or been cancelled} */
    Optional<java.time.Duration> read() {
        return (int) STATE.getVolatile(this) == PENDING ? Optional.of(remaining()) : Optional.empty();
    }

    private java.time.Duration remaining() {
        return java.time.Duration.ofNanos(Math.max(0, deadline - clock.nanoTime()));
    }

    @Override
    public String toString() {
        return "#TimerRef<" + id + ">";
    }
}
