package io.otp4j.cache;

import io.otp4j.process.OtpException;

/** Why a {@link Cache} operation failed: the cache is closed, or a key stayed locked too long. */
public abstract sealed class CacheException extends OtpException
        permits CacheClosedException, CacheLockTimeoutException, CacheInterruptedException {

    private static final long serialVersionUID = 1L;

    CacheException(String message) {
        super(message);
    }
}
