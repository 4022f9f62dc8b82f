package io.otp4j.examples;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The messages the nodes of the cluster demo ({@code ./demo --cluster}) exchange besides the rate limiter's own
 * requests. Each is a record on the demo's allow-list ({@link #CLASSES}), so it crosses between the JVMs through
 * the cluster's codec; nothing else of this package is allowed to.
 */
public final class ClusterWire {

    private ClusterWire() {}

    /**
     * To the demo's control: the limiter shard {@code id} started on {@code node} (its {@code init} ran), at {@code
     * epochMicros} on the host's clock. Sent at every start and restart, so the control counts them.
     *
     * @param id the shard's id
     * @param node the name of the node it started on
     * @param epochMicros when, in microseconds since the epoch
     */
    public record ShardStarted(String id, String node, long epochMicros) {
        /** Checks the arguments. */
        public ShardStarted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * To the demo's control: {@code node} sees the members {@code sees}, and its part of the distributed
     * supervisor has met those of {@code supervisedOn} (itself included): it is ready for the shards.
     *
     * @param node the name of the node that is ready
     * @param sees the nodes it sees as members
     * @param supervisedOn the nodes whose part of the distributed supervisor it has met
     */
    public record Ready(String node, List<String> sees, List<String> supervisedOn) {
        /** Checks and copies the arguments. */
        public Ready {
            Objects.requireNonNull(node, "node");
            sees = List.copyOf(sees);
            supervisedOn = List.copyOf(supervisedOn);
        }
    }

    /**
     * To an agent: run {@code clients} client processes for {@code durationMillis}, reporting each second.
     *
     * @param durationMillis how long the clients run, in milliseconds; positive
     * @param clients how many client processes; at least 1
     */
    public record Go(long durationMillis, int clients) {
        /** Checks the arguments. */
        public Go {
            if (durationMillis < 1 || clients < 1) {
                throw new IllegalArgumentException(
                        "Go needs a positive duration and clients, was " + durationMillis + " ms, " + clients);
            }
        }
    }

    /**
     * To the demo's control: what the clients of {@code node} have measured since their start, {@code
     * elapsedMillis} ago (counts are totals, never reset).
     *
     * @param node the name of the node whose clients measured
     * @param elapsedMillis the time since the clients started, in milliseconds
     * @param served calls answered, by the node that ran the shard called (as the caller's node last knew it)
     * @param servedAfterDown of those, the calls made after this node had seen a node go down
     * @param allowed answers that allowed the request (a token was taken)
     * @param refused answers that refused it (the key's bucket was empty)
     * @param failures calls that got no answer, by cause ({@code noconnection}, {@code noproc}, ...)
     * @param lastFailedMicros when the last of those calls failed, on the host's clock; 0 if none did
     * @param last whether the clients have finished: the node's final figures
     */
    public record Tally(
            String node,
            long elapsedMillis,
            Map<String, Long> served,
            Map<String, Long> servedAfterDown,
            long allowed,
            long refused,
            Map<String, Long> failures,
            long lastFailedMicros,
            boolean last) {
        /** Checks and copies the arguments. */
        public Tally {
            Objects.requireNonNull(node, "node");
            served = Map.copyOf(served);
            servedAfterDown = Map.copyOf(servedAfterDown);
            failures = Map.copyOf(failures);
        }

        /** {@return the calls answered by every shard together} */
        public long servedTotal() {
            return served.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * To the demo's control: {@code node} saw {@code event} ({@code NodeUp} or {@code NodeDown})
     * about {@code about}, at {@code epochMicros} on the host's clock.
     *
     * @param node the name of the node that saw it
     * @param event {@code NodeUp} or {@code NodeDown}
     * @param about the name of the node it is about
     * @param epochMicros when, in microseconds since the epoch
     */
    public record Seen(String node, String event, String about, long epochMicros) {
        /** Checks the arguments. */
        public Seen {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(about, "about");
        }
    }

    /** To an agent: ends the node; a node started as its own JVM exits. */
    public record Quit() {}

    /** Every class above, and the limiter's requests: the allow-list the demo's nodes join with. */
    static final List<Class<?>> CLASSES = List.of(
            ShardStarted.class,
            Ready.class,
            Go.class,
            Tally.class,
            Seen.class,
            Quit.class,
            RateLimiter.Acquire.class,
            RateLimiter.Available.class);
}
