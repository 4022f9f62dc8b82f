package io.otp4j.examples;

import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands a mail to the outside world: the slow, blocking part of a mailer (an SMTP exchange, an HTTP call to a
 * mail service). The examples never send real mail: {@link #simulated} waits as a remote server would.
 */
@FunctionalInterface
public interface MailDelivery {

    /**
     * Delivers {@code mail}, blocking until it is done.
     *
     * @param mail the mail to deliver
     * @throws InterruptedException if the sender's thread is interrupted (its process is killed)
     * @throws Exception if delivery fails
     */
    void deliver(Mail mail) throws Exception;

    /**
     * {@return a delivery that takes {@code latency} on {@code clock} for each mail and counts them} Waiting on the
     * clock (not sleeping) lets a test with a manual clock decide when each delivery finishes.
     *
     * @param clock the clock the latency is waited on (a manual clock in tests)
     * @param latency how long each delivery takes; not negative
     * @throws IllegalArgumentException if {@code latency} is negative
     */
    static Simulated simulated(Clock clock, Duration latency) {
        return new Simulated(clock, latency);
    }

    /** A delivery that only waits, as a remote mail server would, and counts what it delivered. */
    final class Simulated implements MailDelivery {
        private final Clock clock;
        private final long latencyNanos;
        private final AtomicLong delivered = new AtomicLong();

        Simulated(Clock clock, Duration latency) {
            this.clock = Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative, was " + latency);
            }
            this.latencyNanos = latency.toNanos();
        }

        @Override
        public void deliver(Mail mail) throws InterruptedException {
            Objects.requireNonNull(mail, "mail");
            ClockWait.await(clock, latencyNanos);
            delivered.incrementAndGet();
        }

        /** {@return how many mails it has delivered} */
        public long delivered() {
            return delivered.get();
        }
    }
}
