package io.otp4j.examples;

import java.util.Objects;

/**
 * One mail to send: immutable, like every message.
 *
 * @param to the recipient's address; not blank
 * @param subject the subject line
 */
public record Mail(String to, String subject) {

    /** Checks the fields. */
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        if (to.isBlank()) {
            throw new IllegalArgumentException("to must name a recipient, was blank");
        }
    }
}
