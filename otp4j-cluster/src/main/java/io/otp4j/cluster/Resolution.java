package io.otp4j.cluster;

import io.otp4j.process.ExitReason;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ConflictResolver}'s decision on one key: the entry that keeps it, and what becomes of every other.
 *
 * @param <K> the keys
 * @param <V> the values
 * @param winner the entry that keeps the key; one of the conflicting entries
 * @param action what becomes of each loser
 * @param reason with {@link Action#STOP} or {@link Action#HAND_OFF}, the reason the losers exit with; empty for the default, {@code
 *     {shutdown, ConflictLost}} naming the winner. It crosses the wire to the losers' nodes: an exit reason whose
 *     details the allow-list takes
 */
public record Resolution<K, V>(ClusterEntry<K, V> winner, Action action, Optional<ExitReason> reason) {

    /** What becomes of a losing entry's process. */
    public enum Action {
        /** It loses the key and exits: with the resolution's reason, or {@code {shutdown, ConflictLost}}. */
        STOP,
        /** It loses the key and goes on running; it receives a {@link ConflictLost} message naming the winner. */
        UNREGISTER,
        /**
         * It hands its state to the winner, loses the key and exits, as with {@link #STOP}: a live GenServer whose
         * server class implements {@link Handoff} gives {@link Handoff#handOff} of its last state, which the
         * winner's node gives to the running winner's {@link Handoff#takeOver}. Any other loser is only stopped (the
         * {@link ClusterRegistryEvent.Conflict} event says so). The state crosses the wire: it must be a value the
         * allow-list takes; one that cannot cross is logged and left behind, and the loser is stopped anyway.
         */
        HAND_OFF
    }

    /** Checks the arguments. */
    public Resolution {
        Objects.requireNonNull(winner, "winner");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        if (reason.isPresent() && action == Action.UNREGISTER) {
            throw new IllegalArgumentException("an UNREGISTER resolution has no exit reason: its losers go on");
        }
    }

    /**
     * {@return a decision that keeps {@code winner} and stops the others with a reason naming it}
     *
     * @param <K> the keys
     * @param <V> the values
     * @param winner the entry that keeps the key
     */
    public static <K, V> Resolution<K, V> stop(ClusterEntry<K, V> winner) {
        return new Resolution<>(winner, Action.STOP, Optional.empty());
    }

    /**
     * {@return a decision that keeps {@code winner} and stops the others with {@code reason}}
     *
     * @param <K> the keys
     * @param <V> the values
     * @param winner the entry that keeps the key
     * @param reason the reason the losers exit with; it must be able to cross
     */
    public static <K, V> Resolution<K, V> stop(ClusterEntry<K, V> winner, ExitReason reason) {
        return new Resolution<>(winner, Action.STOP, Optional.of(reason));
    }

    /**
     * {@return a decision that keeps {@code winner}, hands each other's state to it and stops them with a reason
     * naming it} (see {@link Action#HAND_OFF})
     *
     * @param <K> the keys
     * @param <V> the values
     * @param winner the entry that keeps the key
     */
    public static <K, V> Resolution<K, V> handOff(ClusterEntry<K, V> winner) {
        return new Resolution<>(winner, Action.HAND_OFF, Optional.empty());
    }

    /**
     * {@return a decision that keeps {@code winner}, hands each other's state to it and stops them with {@code reason}}
     *
     * @param <K> the keys
     * @param <V> the values
     * @param winner the entry that keeps the key
     * @param reason the reason the losers exit with; it must be able to cross
     */
    public static <K, V> Resolution<K, V> handOff(ClusterEntry<K, V> winner, ExitReason reason) {
        return new Resolution<>(winner, Action.HAND_OFF, Optional.of(reason));
    }

    /**
     * {@return a decision that keeps {@code winner} and unregisters the others, which go on and are told}
     *
     * @param <K> the keys
     * @param <V> the values
     * @param winner the entry that keeps the key
     */
    public static <K, V> Resolution<K, V> unregister(ClusterEntry<K, V> winner) {
        return new Resolution<>(winner, Action.UNREGISTER, Optional.empty());
    }
}
