package io.otp4j.process;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a process exited, or the reason carried by an exit signal.
 *
 * <ul>
 *   <li>{@link Normal} ({@code normal}): the process finished. Links ignore it unless they trap exits.
 *   <li>{@link Shutdown} ({@code shutdown} or {@code {shutdown, Detail}}): an orderly stop asked for by a
 *       supervisor or the node. Abnormal for links.
 *   <li>{@link Kill} ({@code kill}): the untrappable signal sent with {@code exit(pid, kill())}.
 *   <li>{@link Killed} ({@code killed}): the reason of a process that received {@link Kill}.
 *   <li>{@link NoProc} ({@code noproc}): the process did not exist when linked or monitored.
 *   <li>{@link Crash}: the process ended with an uncaught throwable.
 *   <li>{@link Custom}: any other reason, given to {@code exit}.
 * </ul>
 */
public sealed interface ExitReason {

    /** {@return whether this reason is {@code normal}, the one reason links ignore} */
    default boolean isNormal() {
        return this instanceof Normal;
    }

    /** {@return {@code normal}} */
    static ExitReason normal() {
        return Normal.INSTANCE;
    }

    /** {@return {@code shutdown}} */
    static ExitReason shutdown() {
        return Shutdown.PLAIN;
    }

    /**
     * {@return {@code {shutdown, detail}}}
     *
     * @param detail why the stop was asked for, for logs and for whoever traps the exit; immutable
     */
    static ExitReason shutdown(Object detail) {
        Objects.requireNonNull(detail, "detail");
        return new Shutdown(Optional.of(detail));
    }

    /** {@return the untrappable {@code kill} signal} */
    static ExitReason kill() {
        return Kill.INSTANCE;
    }

    /** {@return {@code killed}} */
    static ExitReason killed() {
        return Killed.INSTANCE;
    }

    /** {@return {@code noproc}} */
    static ExitReason noproc() {
        return NoProc.INSTANCE;
    }

    /**
     * {@return the reason a link or monitor to a process of another node fires with when that node is lost}, or
     * is not connected when the link or monitor is made (Erlang's {@code noconnection})
     */
    static ExitReason noconnection() {
        return NoConnection.INSTANCE;
    }

    /**
     * {@return a crash with its cause}
     *
     * @param cause what the process threw
     */
    static ExitReason crash(Throwable cause) {
        return new Crash(cause);
    }

    /**
     * {@return a reason of the caller's own}
     *
     * @param value the reason, as links and monitors see it; immutable, abnormal for links
     */
    static ExitReason custom(Object value) {
        return new Custom(value);
    }

    /** The process finished. */
    enum Normal implements ExitReason {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "normal";
        }
    }

    /**
     * An orderly stop, with an optional detail.
     *
     * @param detail why the stop was asked for; empty for a plain {@code shutdown}
     */
    record Shutdown(Optional<Object> detail) implements ExitReason {
        static final Shutdown PLAIN = new Shutdown(Optional.empty());

        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Shutdown {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return detail.map(d -> "{shutdown, " + d + "}").orElse("shutdown");
        }
    }

    /** The untrappable signal of {@code exit(pid, kill)}. */
    enum Kill implements ExitReason {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "kill";
        }
    }

    /** The reason of a process that received {@link Kill}. */
    enum Killed implements ExitReason {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "killed";
        }
    }

    /** The process did not exist. */
    enum NoProc implements ExitReason {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "noproc";
        }
    }

    /** The connection to the process's node was lost, or never made. */
    enum NoConnection implements ExitReason {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "noconnection";
        }
    }

    /**
     * The process ended with an uncaught throwable.
     *
     * @param cause what it threw
     */
    record Crash(Throwable cause) implements ExitReason {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Crash {
            Objects.requireNonNull(cause, "cause");
        }

        @Override
        public String toString() {
            return "crash: " + cause;
        }
    }

    /**
     * A reason of the caller's own.
     *
     * @param value the reason, as links and monitors see it
     */
    record Custom(Object value) implements ExitReason {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Custom {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return String.valueOf(value);
        }
    }
}
