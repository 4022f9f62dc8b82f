package io.otp4j.cluster;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Cluster#multiCall} got back (Erlang's {@code {Replies, BadNodes}}): the reply of each node whose
 * server answered in time, and why each other node did not (not connected, no live server of the name and type,
 * the server exited, or the time ran out).
 *
 * @param replies the reply of each node that answered, by node name
 * @param failures why each node that did not answer failed, by node name
 * @param <R> the reply type
 */
public record MultiCallResult<R>(Map<String, R> replies, Map<String, Exception> failures) {

    /** Copies both maps. */
    public MultiCallResult {
        replies = Map.copyOf(Objects.requireNonNull(replies, "replies"));
        failures = Map.copyOf(Objects.requireNonNull(failures, "failures"));
    }

    /** {@return the names of the nodes that did not answer} (Erlang's {@code BadNodes}) */
    public Set<String> badNodes() {
        return failures.keySet();
    }
}
