package io.otp4j.genserver;

import io.otp4j.process.MonitorRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A started server, and the monitor on it when it was started with {@link GenServer#startMonitor}.
 *
 * @param ref the server
 * @param monitor the monitor, if any
 */
public record Started<C extends Call<?>, K>(GenServerRef<C, K> ref, Optional<MonitorRef> monitor) {
    public Started {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(monitor, "monitor");
    }
}
