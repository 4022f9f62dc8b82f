package io.otp4j.genserver;

import io.otp4j.process.ExitHook;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a server's clients and its loop share: its identity, the calls it owes replies to, and how it ended.
 *
 * <p>When the server's process exits, its exit hook records the reason <em>before</em> the mailbox closes,
 * then fails every call it still owed: the one it was handling, the deferred ones, and those still in the
 * mailbox. A caller whose request got into the mailbox after that (a race of a few instructions) reads the
 * recorded reason right after its send and fails itself. Either way a call to a dying server fails at once
 * with the server's exit reason.
 */
final class ServerCore implements ExitHook {

    /** Live servers by pid, so a reference made from a pid or a name finds its server. */
    private static final ConcurrentHashMap<Pid, ServerCore> LIVE = new ConcurrentHashMap<>();

    final Node node;
    private final Class<?> type;
    private final @Nullable String name;
    volatile Pid pid;

    /** The server's exit reason, once its process has ended. */
    volatile @Nullable ExitReason exitReason;

    /**
     * The call being handled right now. Plain: the server's thread writes it and the exit hook, which runs on
     * that same thread, reads it.
     */
    @Nullable
    From current;

    /** Calls answered later through {@link From#reply}. */
    /** Created on the first deferred call: most servers never defer one. Written by the server's thread only. */
    private volatile @Nullable Set<From> deferred;

    /** How init ended. */
    sealed interface Startup {
        /** init returned ok. */
        enum Ok implements Startup {
            INSTANCE
        }

        /** init asked to be ignored. */
        enum Ignored implements Startup {
            INSTANCE
        }

        /** init failed, or the process exited before init answered. */
        record Failed(ExitReason reason) implements Startup {}
    }

    final CompletableFuture<Startup> startup = new CompletableFuture<>();

    /** The server's own thread, to refuse a call to itself. */
    volatile @Nullable Thread thread;

    /** Completed once the process is gone (after its mailbox closed). */
    final CompletableFuture<ExitReason> exited = new CompletableFuture<>();

    /** Set by the debugging API; read by the loop. */
    volatile @Nullable Consumer<TraceEvent> tracer;

    ServerCore(Node node, Class<?> type, @Nullable String name) {
        this.node = node;
        this.type = type;
        this.name = name;
        this.pid = node.pid(); // replaced at spawn
    }

    void started(Pid pid) {
        this.pid = pid;
        LIVE.put(pid, this);
    }

    static Optional<ServerCore> of(Pid pid) {
        return Optional.ofNullable(LIVE.get(pid));
    }

    void defer(From from) {
        Set<From> owed = deferred;
        if (owed == null) {
            owed = ConcurrentHashMap.newKeySet();
            deferred = owed;
        }
        from.deferred = true;
        owed.add(from);
        if (!from.isWaiting()) {
            owed.remove(from); // answered (or abandoned) while being deferred
        }
    }

    void forgetDeferred(From from) {
        Set<From> owed = deferred; // set before any From is marked deferred
        if (owed != null) {
            owed.remove(from);
        }
    }

    /** {@return how many deferred calls the server still owes} */
    int deferredCount() {
        Set<From> owed = deferred;
        return owed == null ? 0 : owed.size();
    }

    /**
     * Waits until the server's process is entirely gone (its names freed, its thread ended), for at most
     * {@code timeoutNanos}; {@return whether it is}
     */
    boolean awaitGone(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        try {
            exited.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a server's exit cannot fail this way", e);
        }
        // The process's last steps (freeing its names, leaving the node) follow the exit hook on its thread.
        Thread t = thread; // set by now: exiting() sets it if the body never ran
        return t == null || t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public void exiting(Pid pid, ExitReason reason) {
        if (thread == null) {
            thread = Thread.currentThread(); // killed before its body ran
        }
        exitReason = reason;
        startup.complete(new Startup.Failed(reason)); // no effect once init has answered
        From call = current;
        if (call != null) {
            call.fail(reason);
        }
        Set<From> owed = deferred;
        if (owed != null) {
            for (From from : owed) {
                from.fail(reason);
            }
            owed.clear();
        }
    }

    @Override
    public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
        for (Object message : messages) {
            if (message instanceof From from) {
                from.fail(reason);
            }
        }
        LIVE.remove(pid, this);
        exited.complete(reason);
    }

    /** {@return the server's class and registered name, for messages} */
    String describe() {
        return type.getName() + (name == null ? "" : " \"" + name + "\"");
    }

    @Override
    public String toString() {
        return describe() + " " + pid;
    }
}
