package io.otp4j.process;

import java.time.Duration;
import java.util.Objects;

/**
 * The kind of mailbox a process gets at spawn: unbounded (the default, as in OTP) or bounded with an
 * overflow policy. Whatever the policy, a bounded mailbox never refuses a signal turned into a message (a
 * trapped {@link Exit}, a {@link Down}, a timer's message), and an accepted message is never lost while the
 * receiver lives.
 */
public sealed interface MailboxConfig {

    /** {@return an unbounded mailbox} */
    static MailboxConfig unbounded() {
        return Unbounded.INSTANCE;
    }

    /**
     * A bounded mailbox whose full state rejects, drops the newest, or drops the oldest message.
     *
     * @param capacity the most messages it holds; at least 1
     * @param policy what a full mailbox does with one more message: {@link OverflowPolicy#REJECT}, {@link
     *     OverflowPolicy#DROP_NEWEST} or {@link OverflowPolicy#DROP_OLDEST}
     * @return the mailbox configuration, for {@link SpawnOptions#withMailbox}
     * @throws IllegalArgumentException if {@code capacity < 1}, or {@code policy} is {@link
     *     OverflowPolicy#BLOCK} (use {@link #blocking(int, Duration)}, which takes the deadline)
     */
    static MailboxConfig bounded(int capacity, OverflowPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (policy == OverflowPolicy.BLOCK) {
            throw new IllegalArgumentException(
                    "OverflowPolicy.BLOCK needs a deadline: use MailboxConfig.blocking(capacity, maxWait)");
        }
        return new Bounded(capacity, policy, Duration.ZERO);
    }

    /**
     * A bounded mailbox whose full state makes the sender wait for room, up to {@code maxWait}.
     *
     * @param capacity the most messages it holds; at least 1
     * @param maxWait how long a sender waits for room before its send throws {@link MailboxFullException}, on
     *     the node's clock; {@link Duration#ZERO} rejects at once, never negative
     * @return the mailbox configuration, for {@link SpawnOptions#withMailbox}
     * @throws IllegalArgumentException if {@code capacity < 1} or {@code maxWait} is negative
     */
    static MailboxConfig blocking(int capacity, Duration maxWait) {
        return new Bounded(capacity, OverflowPolicy.BLOCK, maxWait);
    }

    /** The unbounded mailbox. */
    enum Unbounded implements MailboxConfig {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "unbounded";
        }
    }

    /**
     * A bounded mailbox.
     *
     * @param capacity the most messages it holds; at least 1
     * @param policy what a full mailbox does with one more message
     * @param maxWait with {@link OverflowPolicy#BLOCK}, how long a sender waits for room; otherwise zero
     */
    record Bounded(int capacity, OverflowPolicy policy, Duration maxWait) implements MailboxConfig {
        /** Checks the components; a null or invalid one throws, naming the component and the problem. */
        public Bounded {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(maxWait, "maxWait");
            if (capacity < 1) {
                throw new IllegalArgumentException("mailbox capacity must be at least 1, was " + capacity);
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
            }
        }
    }
}
