package io.otp4j.cache;

import io.otp4j.process.ExitReason;
import java.util.Objects;

/**
 * The cache was used after it closed: its process exited (stopped, killed, its owner gone, its node closed).
 * The message names the cache and the reason its process exited with.
 */
public final class CacheClosedException extends CacheException {

    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;

    CacheClosedException(String cache, ExitReason reason) {
        super(cache + " is closed: its process exited with " + reason);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return the reason the cache's process exited with} */
    public ExitReason reason() {
        return reason;
    }
}
