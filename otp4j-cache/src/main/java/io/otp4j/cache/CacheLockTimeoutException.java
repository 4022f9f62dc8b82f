package io.otp4j.cache;

import java.time.Duration;

/**
 * An isolated operation ({@code update}, {@code getOrStore}, {@code put}, ...) waited longer than the cache's
 * lock timeout ({@link CacheOptions#lockTimeout()}) for another operation on the same key to finish. Nothing
 * was changed.
 */
public final class CacheLockTimeoutException extends CacheException {

    private static final long serialVersionUID = 1L;

    CacheLockTimeoutException(String cache, Object key, Duration timeout) {
        super(cache + ": key " + key + " stayed locked by another operation for longer than " + timeout
                + "; nothing was changed");
    }
}
