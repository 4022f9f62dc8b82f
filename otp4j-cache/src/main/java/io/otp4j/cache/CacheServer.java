package io.otp4j.cache;

import io.otp4j.genserver.CallInterruptedException;
import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The cache's process: a GenServer (crash reports, {@code Sys} and {@code formatStatus} come with it) that serves
 * no read or write. Callers do those on their own threads, as with con_cache; the process owns the cache's
 * lifetime and runs the upkeep Caffeine hands it (see {@link ClockScheduler}). Its state is its owner and the
 * monitor on it.
 *
 * <ul>
 *   <li>{@link ClockScheduler.Maintenance}: run it (expired entries leave, their listener runs here).
 *   <li>{@link Stop}: exit normally.
 *   <li>The owner's {@link Down}: exit with {@code {shutdown, OwnerExited}}.
 * </ul>
 *
 * <p>It is also a {@link ProcessExtension}, so that the cache closes however the process exits, a kill included
 * (which no {@code terminate} would see), and leaves its node's {@link CacheDirectory}. It does not trap exits: a
 * supervisor stops it with an exit signal {@code shutdown}.
 */
final class CacheServer implements GenServer<CacheServer.Ownership, NoCall, NoCast>, ProcessExtension {

    /** How long {@link #stop()} waits for the process to exit before it kills it, and then again. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private static final Engine ENGINE = Engine.get();

    /** Asks the process to exit normally: how a removal listener, on the process itself, stops its cache. */
    enum Stop {
        INSTANCE
    }

    /**
     * The server's state: the process that owns the cache and the monitor on it, both null for an unowned cache.
     */
    record Ownership(@Nullable Pid owner, @Nullable MonitorRef monitor) {}

    private final Cache<?, ?> cache;
    private final Entries<?, ?> entries;
    private final ClockScheduler scheduler;
    private final CacheDirectory directory;
    private final @Nullable Pid owner;

    /** Set once the start has returned, before the cache is handed out. */
    private volatile @Nullable GenServerRef<NoCall, NoCast> server;

    /** Completed once the process's mailbox has closed. */
    private final CompletableFuture<ExitReason> exited = new CompletableFuture<>();

    /** The thread the process exits on; its last steps (freeing the name, leaving the node) follow the exit. */
    private volatile @Nullable Thread exitThread;

    /**
     * @param owner the process the cache goes with, or null
     * @throws io.otp4j.process.NodeClosedException if the cache's node is closed
     */
    CacheServer(Cache<?, ?> cache, Entries<?, ?> entries, ClockScheduler scheduler, @Nullable Pid owner) {
        this.cache = cache;
        this.entries = entries;
        this.scheduler = scheduler;
        this.directory = CacheDirectory.of(cache.node());
        this.owner = owner;
    }

    /**
     * Starts the process under the cache's name, if any: linked to {@code parent} (the calling process), or, if
     * null, to no one; returns once it runs.
     *
     * @throws io.otp4j.process.NameTakenException if the name is taken; nothing is started
     */
    void start(@Nullable ProcessContext parent) {
        StartOptions options =
                cache.name().map(StartOptions.defaults()::withName).orElseGet(StartOptions::defaults);
        server = parent != null
                ? GenServer.startLink(parent, this, options)
                : GenServer.start(cache.node(), this, options);
    }

    @Override
    public Init<Ownership> init(ProcessContext self) {
        Pid pid = self.self();
        cache.started(pid);
        scheduler.target(pid);
        directory.add(pid, cache); // exiting() takes it out, on this same thread
        Pid watched = owner;
        // A monitor set on an owner already gone fires at once with noproc: the cache then goes too.
        return Init.ok(watched == null ? new Ownership(null, null) : new Ownership(watched, self.monitor(watched)));
    }

    @Override
    public Result<Ownership> handleInfo(Object message, Ownership ownership) {
        switch (message) {
            case ClockScheduler.Maintenance maintenance -> entries.upkeep(maintenance.task());
            case Stop stop -> {
                return Results.stop(ExitReason.normal(), ownership);
            }
            case Down down
            when down.ref().equals(ownership.monitor()) -> {
                return Results.stop(ExitReason.shutdown(new OwnerExited(down.pid(), down.reason())), ownership);
            }
            default ->
                // Not an error: anyone may send a process anything. Logged at DEBUG only, so a flood of stray
                // messages cannot fill the log.
                Entries.LOG.log(System.Logger.Level.DEBUG, () -> cache + " ignored an unexpected message: " + message);
        }
        return Results.noReply(ownership);
    }

    @Override
    public Object formatStatus(Ownership ownership) {
        Pid by = ownership.owner();
        return cache + ": " + entries.estimatedSize() + " entries, "
                + (by == null ? "owned by no process" : "owned by " + by) + ", " + entries.stats();
    }

    /** The cache closes as its process exits, however it exits, and leaves its node's directory. */
    @Override
    public void exiting(Pid pid, ExitReason reason) {
        exitThread = Thread.currentThread();
        entries.close(reason);
        scheduler.close();
        directory.remove(pid, cache);
    }

    @Override
    public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
        exited.complete(reason);
    }

    /**
     * Stops the process (it exits normally) and waits until it is gone; kills it if it is not gone within {@link
     * #STOP_TIMEOUT}. On the process itself (a removal listener), asks it to exit after the current message and
     * returns at once.
     */
    void stop() {
        Pid pid = cache.pid();
        if (ENGINE.isSelf(pid)) {
            cache.node().send(pid, Stop.INSTANCE);
            return;
        }
        try {
            Objects.requireNonNull(server, "started before the cache is handed out")
                    .stop(ExitReason.normal(), STOP_TIMEOUT);
            return; // gone: its entries dropped, its name free
        } catch (ServerExitedException e) {
            // It had exited already, or exited another way meanwhile: closed either way, gone soon.
        } catch (CallTimeoutException e) {
            cache.node().exit(pid, ExitReason.kill()); // a removal listener stuck on the process, say
        } catch (CallInterruptedException e) {
            throw interrupted();
        }
        if (!awaitGone(STOP_TIMEOUT)) {
            throw new IllegalStateException(
                    cache.describe() + " did not exit within " + STOP_TIMEOUT.multipliedBy(2) + ", killed included");
        }
    }

    private boolean awaitGone(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            exited.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            Thread t = exitThread; // set by now: exiting() runs before the mailbox closes
            return t == null || t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a cache's exit cannot fail this way", e);
        }
    }

    private CacheInterruptedException interrupted() {
        return new CacheInterruptedException(cache.describe() + ": interrupted while waiting for the cache to stop");
    }
}
