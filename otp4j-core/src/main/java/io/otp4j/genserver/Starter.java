package io.otp4j.genserver;

import io.otp4j.internal.Spinning;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.SpawnedMonitor;
import io.otp4j.process.spi.Engine;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Spawns a server and waits for its init: the synchronous start of {@code proc_lib}. */
final class Starter {

    /** How long a failed start waits for the server's process to be gone. */
    private static final Duration GONE_WAIT = Duration.ofSeconds(5);

    private Starter() {}

    static <S, C extends Call<?>, K> Started<C, K> start(
            Node node, @Nullable ProcessContext parent, boolean link, GenServer<S, C, K> server, StartOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        Pid linkedParent = link && parent != null ? parent.self() : null;
        ServerLoop<S, C, K> loop = new ServerLoop<>(
                node,
                server,
                options.name().or(() -> options.via().map(Object::toString)).orElse(null),
                linkedParent,
                options.hibernateAfter().orElse(null),
                options.pooled());
        ServerCore core = loop;
        CompletableFuture<ServerCore.Startup> startup = core.startup();
        ViaRegistration via = options.via()
                .map(name -> new ViaRegistration(name, loop, linkedParent))
                .orElse(null);
        ProcessBody body = via != null ? via : loop;
        SpawnOptions spawn = SpawnOptions.defaults().withMailbox(options.mailbox());
        if (options.name().isPresent()) {
            spawn = spawn.withName(options.name().get());
        }
        Pid pid;
        Optional<MonitorRef> monitor = Optional.empty();
        if (parent == null) {
            pid = Engine.get().spawn(node, spawn, core, body);
        } else if (link) {
            pid = Engine.get().spawnLink(parent, spawn, core, body);
        } else {
            SpawnedMonitor spawned = Engine.get().spawnMonitor(parent, spawn, core, body);
            pid = spawned.pid();
            monitor = Optional.of(spawned.ref());
        }
        ServerCore.Startup outcome;
        try {
            long timeoutNanos = Deadline.saturatedNanos(options.initTimeout());
            if (core.pooled && runInit(node, pid, startup, timeoutNanos)) {
                throw new TimeoutException();
            }
            outcome = awaitInit(startup, timeoutNanos);
        } catch (TimeoutException e) {
            node.exit(pid, ExitReason.kill());
            awaitGone(core);
            throw StartException.timedOut(core.describe(), options.initTimeout());
        } catch (InterruptedException e) {
            node.exit(pid, ExitReason.kill());
            Thread.currentThread().interrupt();
            throw StartException.interrupted(core.describe());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a server's start cannot fail this way", e);
        }
        return switch (outcome) {
            case ServerCore.Startup.Ok ok -> new Started<>(new GenServerRef<>(core, pid), monitor);
            case ServerCore.Startup.Ignored ignored -> {
                awaitGone(core);
                throw StartException.ignored(core.describe());
            }
            case ServerCore.Startup.Failed failed -> {
                awaitGone(core);
                Optional<Pid> holder = via != null ? via.holder() : Optional.empty();
                if (via != null && holder.isPresent()) {
                    throw StartException.alreadyStarted(core.describe(), via.name(), holder.get());
                }
                throw StartException.failed(core.describe(), failed.reason());
            }
        };
    }

    /**
     * Runs a pooled server's {@code init} on the starter's thread: its process was spawned without a thread, dormant
     * ({@link ServerCore#startsPooled}), and the starter, which would only wait for it, lends it its own until it
     * first waits for a message (see {@link Engine#lendTo}). A start then costs no thread, no hand-off and no park.
     * If a message or signal came first, a worker runs it instead, and the starter waits as for any server. An init
     * that outlasts {@code timeoutNanos} is killed, which ends a blocking wait in it at once; an init busy in its own
     * code holds the starter until it returns, where a starter that waits gives up at the timeout and then waits for
     * the server to be gone, for at most {@link #GONE_WAIT}.
     *
     * @return whether the init timed out and its process was killed
     */
    private static boolean runInit(
            Node node, Pid pid, CompletableFuture<ServerCore.Startup> startup, long timeoutNanos) {
        Clock.Scheduled timer = timeoutNanos == Deadline.NEVER
                ? null
                : Clock.system().scheduleTimeout(timeoutNanos, () -> node.exit(pid, ExitReason.kill()));
        Engine.get().lendTo(pid, () -> {}, startup::isDone);
        return timer != null && !timer.cancel();
    }

    /**
     * Waits for init's answer. Most inits are quick: the starter first polls briefly (with several carriers the
     * server runs on another one) and yields (with one carrier the server's new thread runs next), and pays for a
     * timed park, which registers a scheduler timer and cancels it again, only when init takes longer. It skips the
     * poll while virtual threads wait for a carrier (ADR 37): the new server is then most likely among them.
     */
    private static ServerCore.Startup awaitInit(CompletableFuture<ServerCore.Startup> startup, long timeoutNanos)
            throws TimeoutException, InterruptedException, ExecutionException {
        ServerCore.Startup outcome = startup.getNow(null);
        // The new process waits for a carrier, most likely this one's: yield to it at once rather than spin.
        int spins = Spin.SPINS > 0 && outcome == null && Spinning.othersQueued() ? 0 : Spin.SPINS;
        for (int i = 0; outcome == null && i < spins; i++) {
            Thread.onSpinWait();
            outcome = startup.getNow(null);
        }
        if (Thread.currentThread().isVirtual()) {
            for (int i = 0; outcome == null && i < Spin.START_YIELDS; i++) {
                Thread.yield();
                outcome = startup.getNow(null);
            }
        }
        return outcome != null ? outcome : startup.get(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A failed start returns only once the server is gone, as OTP's {@code proc_lib} does since OTP 26: a
     * starter that tries again at once (a supervisor's restart) must find its name free. Bounded, for an init
     * stuck in code that a kill cannot interrupt.
     */
    private static void awaitGone(ServerCore core) {
        try {
            core.awaitGone(GONE_WAIT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
