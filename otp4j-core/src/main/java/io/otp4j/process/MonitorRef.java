package io.otp4j.process;

import org.jspecify.annotations.Nullable;

/** The reference of one monitor, unique within its node; it names the monitor in {@link Down}. */
public final class MonitorRef {

    private final Pid target;
    private final long id;

    MonitorRef(Pid target, long id) {
        this.target = target;
        this.id = id;
    }

    /** {@return the monitored process} */
    public Pid target() {
        return target;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof MonitorRef that && id == that.id && target.equals(that.target);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "#MonitorRef<" + id + " on " + target + ">";
    }
}
