package io.otp4j.process;

import java.util.Objects;
import java.util.Optional;

/**
 * How to spawn a process: its mailbox, a name to register atomically with the spawn, and whether it
 * starts out trapping exits. Immutable; each {@code with…} returns a copy.
 *
 * @param mailbox the mailbox kind
 * @param name a name registered before the process runs; if it is taken, the spawn fails and no process
 *     is started
 * @param trapExits whether the process traps exits from its first instruction
 */
public record SpawnOptions(MailboxConfig mailbox, Optional<String> name, boolean trapExits) {

    private static final SpawnOptions DEFAULTS = new SpawnOptions(MailboxConfig.unbounded(), Optional.empty(), false);

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public SpawnOptions {
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(name, "name");
        name.ifPresent(Names::check);
    }

    /** {@return an unbounded mailbox, no name, not trapping exits} */
    public static SpawnOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy with the given mailbox}
     *
     * @param mailbox {@link MailboxConfig#unbounded()} (the default), or a bounded one
     */
    public SpawnOptions withMailbox(MailboxConfig mailbox) {
        Objects.requireNonNull(mailbox, "mailbox");
        return new SpawnOptions(mailbox, name, trapExits);
    }

    /**
     * {@return a copy that registers {@code name} at spawn}
     *
     * @param name the name, unique on the node and not blank; if it is taken, the spawn fails
     */
    public SpawnOptions withName(String name) {
        Objects.requireNonNull(name, "name");
        return new SpawnOptions(mailbox, Optional.of(name), trapExits);
    }

    /**
     * {@return a copy that traps exits from the start, or not}
     *
     * @param trapExits {@code true} to receive exit signals as {@link Exit} messages from the first instruction
     */
    public SpawnOptions withTrapExits(boolean trapExits) {
        return new SpawnOptions(mailbox, name, trapExits);
    }
}
