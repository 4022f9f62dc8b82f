package io.otp4j.genserver;

import io.otp4j.process.MonitorRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A started server, and the monitor on it when it was started with {@link GenServer#startMonitor}.
 *
 * @param <C> the server's calls
 * @param <K> the server's casts
 */
public final class Started<C extends Call<?>, K> {

    private final GenServerRef<C, K> ref;
    private final Optional<MonitorRef> monitor;

    Started(GenServerRef<C, K> ref, Optional<MonitorRef> monitor) {
        this.ref = Objects.requireNonNull(ref, "ref");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** {@return the server} */
    public GenServerRef<C, K> ref() {
        return ref;
    }

    /** {@return the monitor on the server, if it was started with one} */
    public Optional<MonitorRef> monitor() {
        return monitor;
    }

    @Override
    public String toString() {
        return "Started[" + ref + monitor.map(m -> ", " + m).orElse("") + "]";
    }
}
