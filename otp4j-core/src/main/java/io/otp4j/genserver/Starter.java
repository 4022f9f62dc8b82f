package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.SpawnedMonitor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
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
        ServerCore core = new ServerCore(
                node,
                server.getClass(),
                options.name().or(() -> options.via().map(Object::toString)).orElse(null));
        ServerLoop<S, C, K> loop = new ServerLoop<>(server, core, link && parent != null ? parent.self() : null);
        ViaRegistration via = options.via()
                .map(name -> new ViaRegistration(name, loop, link && parent != null ? parent.self() : null))
                .orElse(null);
        ProcessBody body = via != null ? via : loop;
        SpawnOptions spawn =
                SpawnOptions.defaults().withMailbox(options.mailbox()).withExitHook(core);
        if (options.name().isPresent()) {
            spawn = spawn.withName(options.name().get());
        }
        Pid pid;
        Optional<MonitorRef> monitor = Optional.empty();
        if (parent == null) {
            pid = node.spawn(spawn, body);
        } else if (link) {
            pid = parent.spawnLink(spawn, body);
        } else {
            SpawnedMonitor spawned = parent.spawnMonitor(spawn, body);
            pid = spawned.pid();
            monitor = Optional.of(spawned.ref());
        }
        ServerCore.Startup outcome;
        try {
            outcome = core.startup.get(GenServerRef.saturatedNanos(options.initTimeout()), TimeUnit.NANOSECONDS);
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
