package io.otp4j.observer;

/**
 * A request the dashboard refuses, with the HTTP status to answer and a message naming the problem. Thrown by
 * the parsing and look-up code; the routes turn it into a plain-text answer, never a 500.
 */
final class BadRequest extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The HTTP status to answer with (400, 403, 404 or 409). */
    final int status;

    BadRequest(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    static BadRequest badParameter(String message) {
        return new BadRequest(400, message);
    }

    static BadRequest notFound(String message) {
        return new BadRequest(404, message);
    }
}
