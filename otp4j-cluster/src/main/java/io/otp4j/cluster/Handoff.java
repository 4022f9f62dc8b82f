package io.otp4j.cluster;

/**
 * A GenServer whose state moves with it between nodes: implemented by the server class (the {@code GenServer}
 * implementation), used when a distributed supervisor moves a child to another node and when the cluster
 * registry's conflict resolver hands a losing holder's state to the winner. A server that does not implement it
 * starts afresh from {@code init} on its new node.
 *
 * <p>The pair runs on two nodes: {@link #handOff} on the old one, once the server has stopped taking messages;
 * {@link #takeOver} on the new one, after its {@code init} and before any request reaches it. What {@code
 * handOff} returns crosses the wire, so it must be a value the receiving node's allow-list (or a {@link
 * ValueCodec}) accepts.
 *
 * @param <S> the server's state
 */
public interface Handoff<S> {

    /**
     * {@return the state to carry to the new node}, given the server's last state on the old one
     *
     * @param state the server's last state on the old node
     */
    Object handOff(S state);

    /**
     * {@return the state the server goes on with on its new node}
     *
     * @param fresh the state its {@code init} made there
     * @param handedOff what {@link #handOff} returned on the old node
     */
    S takeOver(S fresh, Object handedOff);
}
