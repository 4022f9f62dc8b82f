package io.otp4j.supervisor;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * What starting a child gave: a running process, or nothing because the child asked to be ignored (Erlang's
 * {@code {ok, Pid}} and {@code ignore}). A start that fails throws instead.
 */
public sealed interface StartResult {

    /**
     * {@return a started child}
     *
     * @param pid the child's process, linked to the supervisor
     */
    static StartResult ok(Pid pid) {
        return new Ok(pid);
    }

    /** {@return a child that asked to be ignored: the supervisor keeps its spec (unless temporary) but no pid} */
    static StartResult ignore() {
        return Ignore.INSTANCE;
    }

    /**
     * A started child.
     *
     * @param pid the child's process
     */
    record Ok(Pid pid) implements StartResult {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Ok {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** A child that asked to be ignored. */
    enum Ignore implements StartResult {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "ignore";
        }
    }
}
