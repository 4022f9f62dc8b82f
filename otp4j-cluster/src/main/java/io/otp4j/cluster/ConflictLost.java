package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * What a process that lost a unique key of a {@link ClusterRegistry} to a conflict is told: the winner. A loser
 * stopped by the decision exits with {@code {shutdown, ConflictLost}} (unless the resolver gave another reason); a
 * loser only unregistered receives it as a message.
 *
 * @param registry the registry's name
 * @param key the key it lost
 * @param loser the process that lost it
 * @param winner the process that keeps it
 */
public record ConflictLost(String registry, Object key, Pid loser, Pid winner) {

    /** Checks the arguments. */
    public ConflictLost {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loser, "loser");
        Objects.requireNonNull(winner, "winner");
    }
}
