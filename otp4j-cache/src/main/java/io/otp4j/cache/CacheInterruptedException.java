package io.otp4j.cache;

/**
 * The calling thread was interrupted (its process was killed, say) while it waited: for another operation on the
 * same key to finish (nothing was changed), or for the cache to stop. The thread's interrupt flag is set again.
 */
public final class CacheInterruptedException extends CacheException {

    private static final long serialVersionUID = 1L;

    CacheInterruptedException(String message) {
        super(message);
    }
}
