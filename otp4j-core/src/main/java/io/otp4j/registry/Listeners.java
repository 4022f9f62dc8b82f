package io.otp4j.registry;

import io.otp4j.process.Node;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/**
 * Tells a registry's listeners of its registrations and unregistrations: each listener pid, and the process
 * registered under each listener name at the time of the event. A listener that cannot take the event is logged
 * and skipped: telling listeners never undoes or stops what it tells of.
 */
final class Listeners {

    private static final System.Logger LOG = System.getLogger("io.otp4j.registry");

    private final Node node;
    private final RegistryOptions options;

    /** The registry, as the log names it. */
    private final Object registry;

    Listeners(Node node, RegistryOptions options, Object registry) {
        this.node = node;
        this.options = options;
        this.registry = registry;
    }

    void notify(RegistryEvent event) {
        for (Pid listener : options.listeners()) {
            notify(listener, event);
        }
        for (String listener : options.listenerNames()) {
            node.whereis(listener).ifPresent(pid -> notify(pid, event));
        }
    }

    private void notify(Pid listener, RegistryEvent event) {
        try {
            node.send(listener, event);
        } catch (OtpException e) {
            // A listener's full bounded mailbox must not undo a registration or stop a cleanup.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0} could not tell listener {1} of {2}: {3}",
                    registry,
                    listener,
                    event,
                    e);
        }
    }
}
