package io.otp4j.cluster;

/** A received frame that cannot be decoded: it is dropped and counted. The decoder's one way out. */
final class BadFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    BadFrameException(String message) {
        super(message, null, false, false);
    }
}
