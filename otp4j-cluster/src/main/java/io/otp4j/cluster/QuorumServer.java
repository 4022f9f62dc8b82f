package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.cluster.QuorumCommand.Answer;
import io.otp4j.cluster.QuorumCommand.Exited;
import io.otp4j.cluster.QuorumCommand.Expire;
import io.otp4j.cluster.QuorumCommand.Held;
import io.otp4j.cluster.QuorumCommand.Release;
import io.otp4j.cluster.QuorumCommand.Renew;
import io.otp4j.cluster.QuorumState.Expired;
import io.otp4j.cluster.QuorumState.Gained;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One node's server of one {@link QuorumNames} map: it watches the processes of this node that hold keys, and
 * keeps the lease that lets them hold them (ADR 30).
 *
 * <ul>
 *   <li>A holder that exits: the server commits its removal, again on every tick until the majority takes it.
 *   <li>The lease: while this node has holders, it commits a renewal every so often; a committed command of this
 *       node sent at {@code t} keeps its holders until {@code t + lease}. When the lease runs out (this node has
 *       been out of the majority for that long) the server stops every local holder with {@link QuorumLost}.
 *   <li>On the leader: a node none of whose commands was committed for longer than the grace loses its entries.
 * </ul>
 */
final class QuorumServer implements GenServer<QuorumServer, QuorumServer.Req<?>, NoCast> {

    /** The calls of the local API. */
    sealed interface Req<R> extends Call<R> {}

    /** A round trip: answered once the server has handled everything it was sent before. */
    record Ping() implements Req<Boolean> {}

    /** A caller sends the registration {@code token} at {@code sentAt}: told before it is sent. */
    record Registering(long token, long sentAt) {}

    /** The caller of the registration {@code token} of {@code key} has its answer, or gave up waiting. */
    record Registered(
            Object key,
            long token,
            boolean gaveUp,
            @Nullable Pid took) {}

    /** The caller {@code pid} gave {@code key} up: committed. */
    record Unregistered(Object key, Pid pid) {}

    private record Tick() {}

    private record Outcome(
            Object command, long sentAt, @Nullable Answer answer) {}

    private final QuorumNames<?, ?> names;
    private final String here;
    private final long leaseNanos;
    private final long graceNanos;
    private final Duration tick;

    private @Nullable ProcessContext self;
    private final Map<Pid, MonitorRef> holders = new HashMap<>();
    private final Map<Long, Long> registering = new HashMap<>();
    // What this node's callers were told they hold: kept apart from this node's copy of the map, which may lag.
    private final Map<Object, Pid> told = new HashMap<>();
    private final Set<Long> abandoned = new HashSet<>();
    private final Set<Object> pending = new HashSet<>();
    private final Set<Object> inFlight = new HashSet<>();
    private long leaseUntil;
    private long renewals;

    // The leader's view of the other nodes: the number of the last command seen of each, and since when.
    private boolean leading;
    private final Map<String, long[]> observed = new HashMap<>();

    QuorumServer(QuorumNames<?, ?> names, String here, QuorumConfig config) {
        this.names = names;
        this.here = here;
        this.leaseNanos = config.lease().toNanos();
        this.graceNanos = config.grace().toNanos();
        this.tick = config.lease().dividedBy(4);
        this.leaseUntil = System.nanoTime();
    }

    private ProcessContext self() {
        return Objects.requireNonNull(self, "the quorum server has started");
    }

    @Override
    public Init<QuorumServer> init(ProcessContext context) {
        this.self = context;
        for (Held held : names.state().entries()) {
            if (held.pid().node().equals(here)) {
                watch(held.pid());
            }
        }
        context.sendAfter(context.self(), tick, new Tick());
        return Init.ok(this);
    }

    @Override
    public CallResult<QuorumServer> handleCall(Req<?> request, From from, QuorumServer state) {
        return switch (request) {
            case Ping ping -> reply(ping, true, this);
        };
    }

    @Override
    public Result<QuorumServer> handleInfo(Object message, QuorumServer state) {
        switch (message) {
            case Registering registering -> this.registering.put(registering.token(), registering.sentAt());
            case Gained gained -> {
                Long sentAt = registering.remove(gained.held().token());
                if (sentAt != null) {
                    // Committed: this node was in the majority when it sent it. Whichever of this and the caller's
                    // Registered comes first, so that a tick in between does not find a holder without a lease.
                    extendLease(sentAt);
                }
                if (abandoned.contains(gained.held().token())) {
                    submit(new Release(here, gained.held().key(), gained.held().token()));
                } else {
                    watch(gained.held().pid());
                }
            }
            case Registered registered -> {
                Long sentAt = registering.remove(registered.token());
                if (!registered.gaveUp() && sentAt != null) {
                    extendLease(sentAt); // answered, so committed: whichever of this and Gained comes first
                }
                Pid took = registered.took();
                if (took != null) {
                    told.put(registered.key(), took);
                    watch(took);
                }
                if (registered.gaveUp()) {
                    abandoned.add(registered.token());
                    Held held = names.state().get(registered.key());
                    if (held != null && held.token() == registered.token()) {
                        submit(new Release(here, registered.key(), registered.token()));
                    }
                }
            }
            case Unregistered unregistered -> told.remove(unregistered.key(), unregistered.pid());
            case Expired expired -> stop(expired.held().key(), expired.held().pid());
            case Down down -> {
                if (holders.remove(down.pid(), down.ref())) {
                    told.values().removeIf(down.pid()::equals);
                    submit(new Exited(down.pid()));
                }
            }
            case Outcome outcome -> settled(outcome);
            case Tick ignored -> {
                tick();
                self().sendAfter(self().self(), tick, new Tick());
            }
            default -> {
                // Nothing else is for the quorum server: dropped.
            }
        }
        return noReply(this);
    }

    private void watch(Pid pid) {
        holders.computeIfAbsent(pid, p -> self().monitor(p));
    }

    private void extendLease(long sentAt) {
        if (sentAt + leaseNanos - leaseUntil > 0) {
            leaseUntil = sentAt + leaseNanos;
        }
    }

    /** Stops {@code held}'s process: it may no longer hold its key. A trapping process learns why, then dies. */
    private void stop(Object key, Pid pid) {
        ExitReason why = ExitReason.custom(new QuorumLost(names.name(), here, key));
        self().exit(pid, why);
        self().exit(pid, ExitReason.kill());
    }

    // ------------------------------------------------------------------ commands to the log

    /** Commits {@code command}, and again on later ticks until the majority takes it. */
    private void submit(Object command) {
        pending.add(command);
        send(command);
    }

    private void send(Object command) {
        if (!inFlight.add(command)) {
            return;
        }
        long sentAt = System.nanoTime();
        Pid me = self().self();
        names.commit(command)
                .whenComplete((answer, failure) ->
                        names.node().send(me, new Outcome(command, sentAt, failure == null ? answer : null)));
    }

    private void settled(Outcome outcome) {
        inFlight.remove(outcome.command());
        if (outcome.answer() == null) {
            return; // no quorum: tried again on a tick, if still pending
        }
        pending.remove(outcome.command());
        extendLease(outcome.sentAt());
        if (outcome.command() instanceof Release release) {
            abandoned.remove(release.token());
        }
    }

    // ------------------------------------------------------------------ the tick

    private void tick() {
        long now = System.nanoTime();
        Map<Object, Pid> mine = new HashMap<>(told);
        for (Held held : names.state().entries()) {
            if (held.pid().node().equals(here) && !abandoned.contains(held.token())) {
                mine.put(held.key(), held.pid());
            }
        }
        if (!mine.isEmpty()) {
            if (now - leaseUntil > 0) {
                mine.forEach(this::stop);
            } else if (now - (leaseUntil - leaseNanos / 2) > 0) {
                send(new Renew(here, ++renewals)); // distinct: one that is stuck does not hold up the next
            }
        }
        for (Object command : List.copyOf(pending)) {
            if (!(command instanceof Expire)) {
                send(command);
            }
        }
        expireTheSilent(now);
    }

    /** On the leader: removes the entries of every node none of whose commands was seen for the grace. */
    private void expireTheSilent(long now) {
        if (!names.isLeader()) {
            leading = false;
            observed.clear();
            return;
        }
        if (!leading) {
            leading = true; // a new leader counts the grace from now, whatever the last leader saw
            observed.clear();
        }
        for (String member : names.members()) {
            if (member.equals(here)) {
                continue;
            }
            long seen = names.state().lastSeen(member).orElse(-1);
            long[] last = observed.get(member);
            if (last == null || last[0] != seen) {
                observed.put(member, new long[] {seen, now});
            } else if (now - last[1] > graceNanos && names.state().holds(member)) {
                Expire expire = new Expire(member, seen);
                pending.remove(expire);
                send(expire);
            }
        }
    }
}
