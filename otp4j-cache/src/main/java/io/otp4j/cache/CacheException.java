package io.otp4j.cache;

/** Why a {@link Cache} operation failed: the cache is closed, or a key stayed locked too long. */
public abstract sealed class CacheException extends RuntimeException
        permits CacheClosedException, CacheLockTimeoutException, CacheInterruptedException {

    private static final long serialVersionUID = 1L;

    CacheException(String message) {
        super(message);
    }
}
