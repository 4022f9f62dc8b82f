package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * What a {@link ClusterRegistry}'s listeners receive, as messages: each change of the registry's view on the
 * listener's node, of any node's entries. A listener that wants to know when a registrant crashes monitors it.
 */
public sealed interface ClusterRegistryEvent {

    /** {@return the name of the registry} */
    String registry();

    /** {@return the key} */
    Object key();

    /**
     * A process of some node registered {@code key} with {@code value}, or its entry came into view (a node met).
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     * @param value its value
     */
    record Registered(String registry, Object key, Pid pid, Object value) implements ClusterRegistryEvent {}

    /**
     * An entry of {@code pid} under {@code key} went away: unregistered, its process exited, its node went away,
     * or it lost a conflict.
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     */
    record Unregistered(String registry, Object key, Pid pid) implements ClusterRegistryEvent {}

    /**
     * A conflict on a unique key was decided: {@code loser} gave the key up to {@code winner} (its {@link
     * Unregistered} follows; but a loser that hands its state over leaves its node's entries at once, and this
     * comes once its state is on its way, so its {@code Unregistered} may come first).
     *
     * @param registry the registry's name
     * @param key the key
     * @param winner the process that keeps it
     * @param loser the process that lost it
     * @param action what became of the loser
     * @param handOver what became of the loser's state: {@link HandOver#NONE} unless the decision was {@link
     *     Resolution.Action#HAND_OFF}
     */
    record Conflict(String registry, Object key, Pid winner, Pid loser, Resolution.Action action, HandOver handOver)
            implements ClusterRegistryEvent {

        /** Checks the arguments. */
        public Conflict {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(handOver, "handOver");
        }

        /**
         * A conflict whose decision handed no state over: {@link Resolution.Action#STOP} or {@code UNREGISTER}.
         *
         * @param registry the registry's name
         * @param key the key
         * @param winner the process that keeps it
         * @param loser the process that lost it
         * @param action what became of the loser: STOP or UNREGISTER
         */
        public Conflict(String registry, Object key, Pid winner, Pid loser, Resolution.Action action) {
            this(registry, key, winner, loser, action, HandOver.NONE);
        }
    }

    /** What became of a conflict's loser's state. */
    enum HandOver {
        /** The decision did not hand it over. */
        NONE,
        /** It went to the winner's node, which gives it to the winner if the winner still runs (else logs it). */
        SENT,
        /**
         * The loser had none to give: it was not a live GenServer whose class implements {@link Handoff}, or its
         * {@code handOff} failed (logged). It was stopped.
         */
        NO_STATE,
        /** The state was not a value the allow-list takes: it was logged and left behind; the loser was stopped. */
        NOT_ENCODABLE,
        /** The winner's node was out of reach of the loser's: the state was left behind; the loser was stopped. */
        UNDELIVERED
    }
}
