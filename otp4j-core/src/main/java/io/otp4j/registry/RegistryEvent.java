package io.otp4j.registry;

import io.otp4j.process.Pid;

/**
 * What a registry's listeners receive, as ordinary messages: Elixir's {@code {:register, registry, key, pid,
 * value}} and {@code {:unregister, registry, key, pid}}. Events about one registrant reach a listener in the
 * order they happened. A listener that wants to know when a registrant crashes monitors it.
 */
public sealed interface RegistryEvent {

    /** {@return the name of the registry} */
    String registry();

    /** {@return the key} */
    Object key();

    /** {@return the registrant} */
    Pid pid();

    /**
     * A process registered {@code key} with {@code value}.
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     * @param value the value it registered with
     */
    record Registered(String registry, Object key, Pid pid, Object value) implements RegistryEvent {}

    /**
     * An entry of {@code pid} under {@code key} went away: the process unregistered it, or exited.
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     */
    record Unregistered(String registry, Object key, Pid pid) implements RegistryEvent {}
}
