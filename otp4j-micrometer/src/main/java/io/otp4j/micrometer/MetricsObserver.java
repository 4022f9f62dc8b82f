package io.otp4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.otp4j.observe.CallFinished;
import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Feeds the meters of {@link Otp4jMetrics} from a node's hooks, on the threads that do the work: a call's timer on
 * the caller's thread, a restart's counter on the supervisor's, a crash's on the process's own. Each meter is
 * registered once and kept in a map, so a hook costs a look-up and an update. Calls are counted each, and timed one
 * in {@code timeOneCallIn} (see {@link CallStats}).
 */
final class MetricsObserver implements ProcessObserver {

    static final String CALLS = "otp4j.calls";
    static final String RESTARTS = "otp4j.supervisor.restarts";
    static final String CRASHES = "otp4j.process.crashes";

    /** The {@code server} tag of calls to a server with no name. */
    static final String UNNAMED = "unnamed";

    /** The {@code server} or {@code supervisor} tag of names over the limit. */
    static final String OTHER = "other";

    private static final CallFinished.Outcome[] OUTCOMES = CallFinished.Outcome.values();

    private final Otp4jMetrics metrics;
    private final Tags tags;
    private final int maxNames;
    private final int timeOneCallIn;

    /** Per {@code server} tag value, one timer's figures per outcome (by ordinal), made at its first use. */
    private final Map<String, @Nullable CallStats[]> calls = new ConcurrentHashMap<>();

    private final Map<String, Counter> restarts = new ConcurrentHashMap<>();
    private final Map<String, Counter> crashes = new ConcurrentHashMap<>();

    MetricsObserver(Otp4jMetrics metrics, Tags tags, int maxNames, int timeOneCallIn) {
        this.metrics = metrics;
        this.tags = tags;
        this.maxNames = maxNames;
        this.timeOneCallIn = timeOneCallIn;
    }

    @Override
    public int timeOneCallIn() {
        return timeOneCallIn;
    }

    @Override
    public void callFinished(CallFinished event) {
        String name = event.name();
        @Nullable CallStats[] known = name == null ? calls.get(UNNAMED) : calls.get(name);
        CallStats stats = known == null ? null : known[event.outcome().ordinal()];
        if (stats == null) {
            stats = stats(serverTag(name, event.outcome()), event.outcome());
        }
        stats.add(event);
    }

    /** {@return the {@code server} tag of a call to {@code name}}: the name while under the limit */
    private String serverTag(@Nullable String name, CallFinished.Outcome outcome) {
        if (name == null) {
            return UNNAMED;
        }
        // A call to a name nobody holds does not add a series: that name may be anything a caller made up.
        boolean tracked = outcome == CallFinished.Outcome.NOPROC ? metrics.isTracked(name) : metrics.track(name);
        return tracked ? name : OTHER;
    }

    /** {@return the figures of calls to {@code server} that ended with {@code outcome}}, registering their timer */
    private CallStats stats(String server, CallFinished.Outcome outcome) {
        @Nullable CallStats[] byOutcome = calls.computeIfAbsent(server, s -> new CallStats[OUTCOMES.length]);
        synchronized (byOutcome) {
            CallStats stats = byOutcome[outcome.ordinal()];
            if (stats == null) {
                CallStats made = new CallStats();
                metrics.bound(registry -> FunctionTimer.builder(
                                CALLS, made, CallStats::count, CallStats::totalNanos, TimeUnit.NANOSECONDS)
                        .tags(tags)
                        .tag("server", server)
                        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                        .description("GenServer calls made on the node, from the call to its end; the total time"
                                + " is estimated from the calls timed")
                        .register(registry));
                byOutcome[outcome.ordinal()] = made;
                stats = made;
            }
            return stats;
        }
    }

    @Override
    public void childRestarted(ChildRestarted event) {
        String supervisor = bounded(restarts, event.supervisorName());
        restarts.computeIfAbsent(
                        supervisor,
                        s -> metrics.bound(registry -> Counter.builder(RESTARTS)
                                .tags(tags)
                                .tag("supervisor", s)
                                .baseUnit("restarts")
                                .description("Children restarted by supervisors")
                                .register(registry)))
                .increment();
    }

    /** {@return {@code name}'s tag: itself while the map has room, else {@link #OTHER}; {@link #UNNAMED} for none} */
    private String bounded(Map<String, Counter> byName, @Nullable String name) {
        if (name == null) {
            return UNNAMED;
        }
        return byName.containsKey(name) || byName.size() < maxNames ? name : OTHER;
    }

    @Override
    public void exited(Pid pid, ExitReason reason) {
        String kind = abnormalKind(reason);
        if (kind != null) {
            crashes.computeIfAbsent(
                            kind,
                            k -> metrics.bound(registry -> Counter.builder(CRASHES)
                                    .tags(tags)
                                    .tag("reason", k)
                                    .baseUnit("processes")
                                    .description("Processes that exited for a reason other than normal or shutdown")
                                    .register(registry)))
                    .increment();
        }
    }

    /** {@return the kind of an abnormal reason, as a tag value; null for {@code normal} and {@code shutdown}} */
    static @Nullable String abnormalKind(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Normal n -> null;
            case ExitReason.Shutdown s -> null;
            case ExitReason.Crash c -> "crash";
            case ExitReason.Custom c -> "custom";
            case ExitReason.Kill k -> "killed";
            case ExitReason.Killed k -> "killed";
            case ExitReason.NoProc n -> "noproc";
            case ExitReason.NoConnection n -> "noconnection";
        };
    }

    @Override
    public String toString() {
        return "otp4j metrics observer of " + metrics;
    }
}
