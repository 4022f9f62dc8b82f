package io.otp4j.bench.scenario;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * What the remote cast workload's driver and the peer's sink tell each other on otp4j. The sink counts {@link
 * Tick}s after an {@link Expect} and sends {@link Got} to the expecter when it has them all; {@link Ping} asks it
 * for its pid ({@link Pong}), which the node-down workload monitors. Public, as records that cross must be.
 */
public final class SinkMessages {

    private SinkMessages() {}

    /** Expect {@code count} ticks, then tell {@code replyTo}. */
    public record Expect(int count, Pid replyTo) {
        public Expect {
            Objects.requireNonNull(replyTo, "replyTo");
            if (count < 0) {
                throw new IllegalArgumentException("count " + count + " is negative");
            }
        }
    }

    /** One cast. */
    public record Tick() {}

    /** All {@code count} ticks arrived. */
    public record Got(int count) {}

    /** Asks for the sink's pid. */
    public record Ping(Pid replyTo) {
        public Ping {
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** The sink's pid. */
    public record Pong(Pid sink) {
        public Pong {
            Objects.requireNonNull(sink, "sink");
        }
    }

    /** The one tick. */
    public static final Tick TICK = new Tick();
}
