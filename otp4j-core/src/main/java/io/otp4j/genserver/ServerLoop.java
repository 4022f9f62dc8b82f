package io.otp4j.genserver;

import io.otp4j.observe.Handled;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ExitSignal;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.jfr.Events;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The generic part of every server: the receive loop, dispatch to the callbacks, replies, timeouts, the
 * debugging requests and the exit sequence (Erlang's {@code gen_server} loop). The debug options those requests
 * set are kept by {@link SysDebug}, what the server logs is written by {@link ServerLogs}.
 */
final class ServerLoop<S, C extends Call<?>, K> extends ServerCore implements ProcessBody {

    private static final Engine ENGINE = Engine.get();

    private static final Predicate<Object> SYSTEM_ONLY = m -> m instanceof From f && f.request instanceof SysRequest;

    private final GenServer<S, C, K> server;
    private final @Nullable Pid parent;
    private final boolean defaultHandleInfo;

    /** Set once the process runs; read by other threads for the pid. */
    private volatile @Nullable ProcessContext self;

    /** OTP's {@code hibernate_after}: how long the server waits idle before it hibernates; null for never. */
    private final @Nullable Duration hibernateAfter;

    private @Nullable S state;
    private boolean suspended;

    /** Whether the last hibernation was asked for by a callback (else it came from {@link #hibernateAfter}). */
    private boolean asked;

    /** Whether {@link #loop} returned to wait for the next message below the server's frames (run resumes it). */
    private boolean waitingBelow;

    ServerLoop(
            Node node,
            GenServer<S, C, K> server,
            @Nullable String name,
            @Nullable Pid parent,
            @Nullable Duration hibernateAfter,
            boolean pooled) {
        super(node, name, pooled);
        this.server = server;
        this.parent = parent;
        this.hibernateAfter = hibernateAfter;
        this.defaultHandleInfo = !overridesHandleInfo(server);
    }

    @Override
    Pid pid() {
        ProcessContext s = self;
        return s != null ? s.self() : node.pid();
    }

    @Override
    Class<?> serverClass() {
        return server.getClass();
    }

    /** Whether a server class overrides handleInfo; looked up once per class, not per start. */
    private static final ClassValue<Boolean> OVERRIDES_HANDLE_INFO = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("handleInfo", Object.class, Object.class).getDeclaringClass() != GenServer.class;
            } catch (NoSuchMethodException e) {
                return true;
            }
        }
    };

    private static boolean overridesHandleInfo(GenServer<?, ?, ?> server) {
        return OVERRIDES_HANDLE_INFO.get(server.getClass());
    }

    @Override
    public void run(ProcessContext self) {
        thread = Thread.currentThread();
        if (waitingBelow) {
            // Run again after waiting below this frame for the next message (see loop): take it and go on.
            waitingBelow = false;
            loop(self, pooled ? takeResumeWith() : Next.none());
            return;
        }
        if (this.self != null) {
            // Resumed from hibernation by a message or a signal: handle it as the loop would have, with
            // hibernation still what the last callback asked for (a debugging request keeps it).
            loop(self, dispatch(self, self.receive(), asked ? Next.Hibernate.INSTANCE : Next.none()));
            return;
        }
        this.self = self;
        Next next = init(self);
        loop(self, next);
    }

    /** Runs init and tells the starter how it went. */
    private Next init(ProcessContext self) {
        Init<S> init;
        try {
            init = server.init(self);
        } catch (ExitSignal signal) {
            throw signal;
        } catch (Throwable t) {
            exitIfSignalled();
            ExitReason reason = ExitReason.crash(t);
            ServerLogs.failed(this, "init", t);
            failStart(self, reason);
            throw new IllegalStateException("unreachable: exit does not return");
        }
        switch (init) {
            case Init.Ok<S> ok -> {
                state = ok.state();
                answerStart(ServerCore.Startup.Ok.INSTANCE);
                trimRare();
                return ok.next();
            }
            case Init.Ignore<S> ignore -> {
                unlinkParent(self);
                answerStart(ServerCore.Startup.Ignored.INSTANCE);
                self.exit(ExitReason.normal());
                throw new IllegalStateException("unreachable: exit does not return");
            }
            case Init.Stop<S> stop -> {
                failStart(self, stop.reason());
                throw new IllegalStateException("unreachable: exit does not return");
            }
        }
    }

    private void failStart(ProcessContext self, ExitReason reason) {
        unlinkParent(self);
        answerStart(new ServerCore.Startup.Failed(reason));
        self.exit(reason);
    }

    /** A failed start is reported to the starter by the exception alone, not also by an exit signal. */
    private void unlinkParent(ProcessContext self) {
        if (parent != null) {
            self.unlink(parent);
        }
    }

    private void loop(ProcessContext self, Next first) {
        Next next = first;
        for (; ; ) {
            Object message;
            if (pooled && holdsUpALender(next) && ENGINE.leaveLentThread(self, this)) {
                // Run on a caller's thread, and the caller has its answer: what comes next would hold it up, so a
                // worker goes on with it.
                rare().resumeWith = next; // rare: kept off every server's own fields
                waitingBelow = true;
                thread = null;
                return;
            }
            if (next instanceof Next.Await await) {
                Object answer;
                if (pooled) {
                    answer = ENGINE.receiveOrWaitPooled(self, this, await.match());
                    if (answer == null) {
                        // A worker resumes the same wait (run takes it back), whichever message woke it.
                        rare().resumeWith = await;
                        waitingBelow = true;
                        thread = null;
                        return;
                    }
                } else {
                    answer = self.receive(await.match());
                }
                next = answered(await, answer);
                continue;
            } else if (next instanceof Next.Continue cont) {
                next = handle(cont, Handled.Kind.CONTINUE, cont.argument().getClass(), () -> {
                    SysDebug.count(this, SysDebug.CONTINUES);
                    trace(TraceEvent.Kind.CONTINUE, cont.argument(), "");
                    return after(server.handleContinue(cont.argument(), state()));
                });
                continue;
            } else if (next instanceof Next.Timeout timeout && !suspended) {
                message = self.receive(timeout.after()).orElse(InactivityTimeout.INSTANCE);
            } else if (next == Next.Hibernate.INSTANCE && !suspended) {
                asked = true;
                hibernate(self);
                throw new IllegalStateException("unreachable: hibernate does not return");
            } else if (hibernateAfter != null && !suspended) {
                Object received = self.receive(hibernateAfter).orElse(null);
                if (received == null) {
                    asked = false;
                    hibernate(self); // idle for hibernateAfter: as OTP's hibernate_after
                }
                message = java.util.Objects.requireNonNull(received);
            } else if (suspended) {
                message = self.receive(SYSTEM_ONLY);
            } else {
                Object received =
                        pooled ? ENGINE.receiveOrWaitPooled(self, this) : ENGINE.receiveOrWaitBelow(self, this);
                if (received == null) {
                    // Nothing came: return and wait in the process's own frame, not in this loop's. Every frame on
                    // a parked thread's stack is kept while it waits, and an idle server is mostly that stack.
                    waitingBelow = true;
                    if (pooled) {
                        thread = null; // its worker runs other processes meanwhile, which may call this server
                    }
                    return;
                }
                message = received;
            }
            next = dispatch(self, message, next);
        }
    }

    /**
     * {@return whether what comes next may keep the thread busy before the next message is taken: a continue, a
     * receive with a timeout (the server's own, or {@link #hibernateAfter}), or a suspension}
     */
    private boolean holdsUpALender(Next next) {
        return next instanceof Next.Continue
                || next instanceof Next.Timeout
                || next instanceof Next.Await
                || suspended
                || hibernateAfter != null;
    }

    /** Erlang's hibernate: the thread and its stack go; the next message resumes the loop in {@link #run}. */
    private void hibernate(ProcessContext self) {
        thread = null;
        self.hibernate(this);
    }

    /** Handles one message; {@code current} is what the last callback asked for before it. */
    private Next dispatch(ProcessContext self, Object message, Next current) {
        if (message instanceof From from) {
            if (from.request instanceof SysRequest sys) {
                system(self, from, sys);
                // A debugging request is not one of the server's messages (OTP's system messages): what the
                // last callback asked for (a timeout, which starts over, or hibernation) still holds.
                return current;
            }
            return call(from);
        }
        if (message instanceof CastEnvelope cast) {
            return handle(message, Handled.Kind.CAST, cast.request().getClass(), () -> {
                SysDebug.count(this, SysDebug.CASTS);
                trace(TraceEvent.Kind.CAST, cast.request(), "");
                @SuppressWarnings("unchecked") // a cast envelope carries one of this server's casts
                K request = (K) cast.request();
                return after(server.handleCast(request, state()));
            });
        }
        if (message instanceof Exit exit
                && self.trapsExits()
                && (exit.from().equals(parent) || exit.from().equals(node.pid()))) {
            // The parent (or the node, closing) tells the server to go: terminate runs, as in OTP.
            return terminateAndExit(exit.reason());
        }
        Handled.Kind kind = message == InactivityTimeout.INSTANCE ? Handled.Kind.TIMEOUT : Handled.Kind.INFO;
        return handle(message, kind, message.getClass(), () -> {
            SysDebug.count(this, SysDebug.INFOS);
            trace(TraceEvent.Kind.INFO, message, "");
            if (defaultHandleInfo) {
                ServerLogs.unexpected(this, message);
                return Next.none();
            }
            return after(server.handleInfo(message, state()));
        });
    }

    private Next call(From from) {
        if (from.isStale(clock())) {
            rare().skippedCalls++;
            from.expire(); // and wake the caller: it may be parked until the deadline sweeper's next look
            trace(TraceEvent.Kind.SKIPPED, from.request, "the caller had given up");
            return Next.none();
        }
        return handle(from, Handled.Kind.CALL, from.request.getClass(), () -> {
            SysDebug.count(this, SysDebug.CALLS);
            trace(TraceEvent.Kind.CALL, from.request, "");
            current = from;
            @SuppressWarnings("unchecked") // a From carries one of this server's calls
            C request = (C) from.request;
            return replied(from, server.handleCall(request, from, state()));
        });
    }

    /**
     * Finishes a callback whose result awaited {@code answer} ({@link Results#awaiting}): its {@code then} gives the
     * result, applied as the callback's own. A call awaiting stays {@link #current} meanwhile, so that it learns of
     * the server's exit as if its callback still ran.
     */
    private Next answered(Next.Await await, Object answer) {
        From from = await.from();
        return handle(answer, Handled.Kind.INFO, answer.getClass(), () -> {
            trace(TraceEvent.Kind.INFO, answer, "awaited");
            @SuppressWarnings("unchecked") // made by Results.awaiting for this server's state
            CallResult<S> result = (CallResult<S>) await.then().apply(answer);
            java.util.Objects.requireNonNull(result, "the result of an awaited answer");
            if (from != null) {
                return replied(from, result);
            }
            if (result instanceof Result<S> plain) {
                return after(plain);
            }
            throw new IllegalStateException("the result " + result + " awaited " + answer
                    + " replies, but it finishes a callback that has no caller to reply to");
        });
    }

    /** Applies {@code result}, of {@code from}'s call: replies, defers, awaits or stops as it says. */
    private Next replied(From from, CallResult<S> result) {
        current = null;
        return switch (result) {
            case CallResult.Reply<S> reply -> {
                state = reply.state();
                from.complete(reply.value());
                if (tracer() != null) { // the reply's text only when someone traces
                    trace(TraceEvent.Kind.REPLY, from.request, String.valueOf(reply.value()));
                }
                yield reply.next();
            }
            case Result.NoReply<S> noReply -> {
                state = noReply.state();
                Next next = noReply.next();
                if (next instanceof Next.Await await) {
                    current = from; // still being answered
                    yield await.forCall(from);
                }
                if (from.isWaiting()) {
                    defer(from);
                }
                yield next;
            }
            case Result.Stop<S> stop -> {
                state = stop.state();
                current = from; // fails with the stop reason on the way out
                yield terminateAndExit(stop.reason());
            }
            case CallResult.StopReply<S> stop -> {
                state = stop.state();
                from.complete(stop.value());
                yield terminateAndExit(stop.reason());
            }
        };
    }

    /** What a cast, info or continue result asks for next. */
    private Next after(Result<S> result) {
        return switch (result) {
            case Result.NoReply<S> noReply -> {
                state = noReply.state();
                yield noReply.next();
            }
            case Result.Stop<S> stop -> {
                state = stop.state();
                yield terminateAndExit(stop.reason());
            }
        };
    }

    @FunctionalInterface
    private interface Step {
        Next run() throws Exception;
    }

    /**
     * Runs a callback as {@link #handle(Object, Step)} does, observed: with the sender's context attached, and told
     * to the node's observers and to Flight Recorder when they want it (see {@link ServerObserving}).
     */
    private Next handle(Object message, Handled.Kind kind, Class<?> type, Step step) {
        Observers observers = Observers.of(node);
        if (observers != null && !observers.seesCallbacks()) {
            observers = null; // observers of spawns, exits and calls only: nothing to attach or tell here
        }
        Events.SlowHandler slow = Events.slowHandler();
        if (observers == null && slow == null) {
            Next next = handle(message, step);
            if (Events.highWaterEnabled()) {
                ServerObserving.checkHighWater(this, processContext(), type);
            }
            return next;
        }
        return ServerObserving.observe(
                this, processContext(), observers, slow, kind, type, () -> handle(message, step));
    }

    /** Runs a callback; if it throws, reports the crash, runs terminate and exits with the crash. */
    private Next handle(Object message, Step step) {
        try {
            return step.run();
        } catch (ExitSignal signal) {
            throw signal; // an exit signal reached the server: no terminate, as in OTP
        } catch (Throwable t) {
            exitIfSignalled();
            ExitReason reason = ExitReason.crash(t);
            ServerLogs.crash(this, message, t, status());
            runTerminate(reason);
            processContext().exit(reason);
            throw new IllegalStateException("unreachable: exit does not return", t);
        }
    }

    /**
     * An exit signal that reaches the server while a callback blocks unwinds the callback with an interrupt,
     * which the callback may let out as any exception. That is the signal, not a crash of the server: no
     * crash report, no terminate (as in OTP); the process exits with the signal's reason.
     */
    private void exitIfSignalled() {
        if (!node.isAlive(pid())) {
            processContext().exit(ExitReason.killed()); // the signal's reason came first, and wins
        }
    }

    private Next terminateAndExit(ExitReason reason) {
        trace(TraceEvent.Kind.STOP, reason, "");
        ExitReason exit = runTerminate(reason);
        processContext().exit(exit);
        throw new IllegalStateException("unreachable: exit does not return");
    }

    /** Runs terminate; {@return the reason to exit with: the given one, or terminate's own crash} */
    private ExitReason runTerminate(ExitReason reason) {
        try {
            server.terminate(reason, state());
            return reason;
        } catch (ExitSignal signal) {
            throw signal;
        } catch (Throwable t) {
            exitIfSignalled();
            ServerLogs.failed(this, "terminate(" + reason + ")", t);
            return ExitReason.crash(t);
        }
    }

    private String status() {
        try {
            return String.valueOf(server.formatStatus(state()));
        } catch (RuntimeException e) {
            return "(formatStatus failed: " + e + ")";
        }
    }

    private void system(ProcessContext self, From from, SysRequest request) {
        switch (request.kind()) {
            case GET_STATE -> from.complete(server.formatStatus(state()));
            case REPLACE_STATE -> {
                @SuppressWarnings("unchecked") // Sys.replaceState's function works on this server's state
                UnaryOperator<S> change = (UnaryOperator<S>) request.argument();
                replaceState(from, java.util.Objects.requireNonNull(change).apply(state()));
            }
            case REPLACE_SERVER_STATE -> {
                @SuppressWarnings("unchecked") // Sys.replaceServerState's function takes this server and its state
                BiFunction<GenServer<S, C, K>, S, S> change = (BiFunction<GenServer<S, C, K>, S, S>) request.argument();
                replaceState(from, java.util.Objects.requireNonNull(change).apply(server, state()));
            }
            case SUSPEND -> {
                suspended = true;
                from.complete(Boolean.TRUE);
            }
            case RESUME -> {
                suspended = false;
                from.complete(Boolean.TRUE);
            }
            case STATISTICS -> from.complete(SysDebug.statistics(this));
            case COLLECT_STATISTICS -> {
                SysDebug.collectStatistics(this, Boolean.TRUE.equals(request.argument()));
                from.complete(Boolean.TRUE);
            }
            case TRACE -> {
                @SuppressWarnings("unchecked") // Sys.trace passes a consumer of trace events, or clears it
                Consumer<TraceEvent> tracer = (Consumer<TraceEvent>) request.argument();
                SysDebug.trace(this, tracer);
                from.complete(Boolean.TRUE);
            }
            case STOP -> {
                ExitReason reason = (ExitReason) java.util.Objects.requireNonNull(request.argument());
                terminateAndExit(reason);
            }
        }
    }

    private void replaceState(From from, S replaced) {
        state = java.util.Objects.requireNonNull(replaced, "the new state");
        from.complete(server.formatStatus(replaced));
    }

    private void trace(TraceEvent.Kind kind, Object message, String detail) {
        SysDebug.trace(this, kind, message, detail);
    }

    /** Runs the generic exit, then the server's own, if it is an extension too (otp4j's own servers). */
    @Override
    public void exiting(Pid pid, ExitReason reason) {
        super.exiting(pid, reason);
        if (server instanceof ProcessExtension extension) {
            extension.exiting(pid, reason);
        }
    }

    /**
     * Gives the server's own extension, if any, what was left unhandled, then drops the state: a reference kept
     * after the exit does not keep the last state reachable.
     */
    @Override
    public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
        if (server instanceof ProcessExtension extension) {
            extension.unhandled(pid, reason, messages);
        }
        super.unhandled(pid, reason, messages);
        state = null;
    }

    private S state() {
        return java.util.Objects.requireNonNull(state, "state before init");
    }

    private ProcessContext processContext() {
        return java.util.Objects.requireNonNull(self, "process before run");
    }

    private Clock clock() {
        return node.clock();
    }
}
