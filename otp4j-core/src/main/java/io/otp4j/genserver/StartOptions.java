package io.otp4j.genserver;

import io.otp4j.process.MailboxConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start a server. Immutable; each {@code with…} returns a copy.
 *
 * @param name a name registered before {@code init} runs; if it is taken, the start fails with a {@link
 *     io.otp4j.process.NameTakenException} that names the holder, and no server is started
 * @param initTimeout how long the starter waits for {@code init}; past it the server is killed and the
 *     start fails. Measured in real time.
 * @param mailbox the server's mailbox kind
 * @param via a name kept by another name service (a registry), registered by the server's process before {@code
 *     init} runs; if it is taken, the start fails with a {@link StartException} whose {@link
 *     StartException#holder()} is the holder, and no server is left running. A server has one name: a
 *     local name or a via name, not both.
 * @param hibernateAfter OTP's {@code hibernate_after}: a server that has waited this long for a message
 *     hibernates (as {@code noReply(state).hibernate()} does: its thread and stack go, and the next message costs a thread start),
 *     which keeps a large population of mostly idle servers small; empty (the default) for never
 * @param pooled whether the server gives up its thread whenever it waits for a message, and one of its node's
 *     worker threads, shared by every pooled server of the node, runs it when one comes ({@link #withPooled()});
 *     false (the default) for a thread of its own
 */
public record StartOptions(
        Optional<String> name,
        Duration initTimeout,
        MailboxConfig mailbox,
        Optional<ViaName> via,
        Optional<Duration> hibernateAfter,
        boolean pooled) {

    private static final StartOptions DEFAULTS = new StartOptions(
            Optional.empty(),
            Duration.ofSeconds(5),
            MailboxConfig.unbounded(),
            Optional.empty(),
            Optional.empty(),
            false);

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public StartOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initTimeout, "initTimeout");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(via, "via");
        Objects.requireNonNull(hibernateAfter, "hibernateAfter");
        if (initTimeout.isNegative() || initTimeout.isZero()) {
            throw new IllegalArgumentException("initTimeout must be positive, was " + initTimeout);
        }
        if (name.isPresent() && via.isPresent()) {
            throw new IllegalArgumentException("a server has one name, but both the local name \"" + name.get()
                    + "\" and the via name " + via.get() + " were given");
        }
        hibernateAfter.ifPresent(after -> {
            if (after.isNegative() || after.isZero()) {
                throw new IllegalArgumentException("hibernateAfter must be positive, was " + after);
            }
        });
    }

    /**
     * {@return no name, an init timeout of 5 seconds, an unbounded mailbox, no hibernation after idling, a thread of
     * its own}
     */
    public static StartOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy that registers the local name {@code name} (and no via name)}
     *
     * @param name the name on the server's node; starting fails while another process holds it
     */
    public StartOptions withName(String name) {
        Objects.requireNonNull(name, "name");
        return new StartOptions(Optional.of(name), initTimeout, mailbox, Optional.empty(), hibernateAfter, pooled);
    }

    /**
     * {@return a copy that registers the server under {@code name} in another name service, such as a registry
     * (and no local name)} Erlang's {@code {via, Module, Name}}.
     *
     * @param name the name and the service that holds it, such as {@code registry.via(key, value)}
     */
    public StartOptions withName(ViaName name) {
        return new StartOptions(
                Optional.empty(),
                initTimeout,
                mailbox,
                Optional.of(Objects.requireNonNull(name, "name")),
                hibernateAfter,
                pooled);
    }

    /**
     * {@return a copy with another init timeout}
     *
     * @param initTimeout how long the starter waits for {@code init} before the start fails; positive
     */
    public StartOptions withInitTimeout(Duration initTimeout) {
        Objects.requireNonNull(initTimeout, "initTimeout");
        return new StartOptions(name, initTimeout, mailbox, via, hibernateAfter, pooled);
    }

    /**
     * {@return a copy that hibernates after waiting {@code idle} for a message (OTP's {@code hibernate_after})}
     *
     * @param idle how long the server waits for a message before it hibernates; positive
     */
    public StartOptions withHibernateAfter(Duration idle) {
        Objects.requireNonNull(idle, "idle");
        return new StartOptions(name, initTimeout, mailbox, via, Optional.of(idle), pooled);
    }

    /**
     * {@return a copy with another mailbox kind}
     *
     * @param mailbox the server's mailbox: unbounded (the default) or bounded, with what it does when full
     */
    public StartOptions withMailbox(MailboxConfig mailbox) {
        Objects.requireNonNull(mailbox, "mailbox");
        return new StartOptions(name, initTimeout, mailbox, via, hibernateAfter, pooled);
    }

    /**
     * {@return a copy whose server gives up its thread whenever it waits for a message} When one comes, one of its
     * node's worker threads runs the server until it waits again, then goes on to the next pooled server with
     * work. Among pooled servers that message each other, a message then costs a queue's offer and poll instead of
     * a thread's park and unpark: the shape of an actor system, where a client takes its replies as messages
     * ({@link GenServerRef#sendRequest}) and many servers pass work along.
     *
     * <p>While it runs, a pooled server is an ordinary server: it may call other servers, block, receive
     * selectively and hibernate, and its worker stays its own until it waits again. What differs: its thread may
     * change from one message to the next, so a {@link ThreadLocal} set in one callback may be gone in the next; a
     * thread dump shows an idle pooled server nowhere, as a hibernating one.
     *
     * <p>A {@link GenServerRef#call} that finds a pooled server idle runs it on the caller's own thread, with no
     * park and no hand-off, until the caller has its answer; what comes after (other messages, a continue, a
     * timeout) goes to a worker. While the callback runs on its thread the caller cannot give up, so the call's
     * timeout is checked only once the callback returns: a callback that may be slow belongs in a continue
     * ({@link CallResult.Reply#thenContinue}). The callback sees the caller's {@link ThreadLocal}s, and an
     * interrupt of the caller's thread by code other than otp4j's exit signals reaches it.
     *
     * <p>A pooled server starts the same way: its process gets no thread, and the starter runs {@code init} on its
     * own, as it would wait for it anyway; the start makes no thread and no hand-off. The init timeout kills an
     * {@code init} that outlasts it, which ends a blocking wait in it at once.
     */
    public StartOptions withPooled() {
        return new StartOptions(name, initTimeout, mailbox, via, hibernateAfter, true);
    }
}
