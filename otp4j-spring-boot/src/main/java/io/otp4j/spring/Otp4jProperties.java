package io.otp4j.spring;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The starter's settings, under {@code otp4j.}.
 *
 * @param nodeName the name of the application's node ({@code otp4j.node-name}, default {@code otp4j})
 * @param shutdownTimeout how long each supervision tree has to stop its children at shutdown before they are
 *     killed ({@code otp4j.shutdown-timeout}, default 5 s)
 */
@ConfigurationProperties("otp4j")
public record Otp4jProperties(
        @DefaultValue("otp4j") String nodeName,
        @DefaultValue("5s") Duration shutdownTimeout) {

    /** Checks the settings, naming the one that is wrong. */
    public Otp4jProperties {
        Objects.requireNonNull(nodeName, "otp4j.node-name");
        Objects.requireNonNull(shutdownTimeout, "otp4j.shutdown-timeout");
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("otp4j.node-name must not be blank");
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("otp4j.shutdown-timeout must be positive, was " + shutdownTimeout);
        }
    }
}
