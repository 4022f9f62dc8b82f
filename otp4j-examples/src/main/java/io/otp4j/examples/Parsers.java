package io.otp4j.examples;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Let it crash: N parser workers under a one_for_one supervisor. A worker does not defend itself against bad
 * input; it crashes, its caller gets a {@link io.otp4j.genserver.ServerExitedException} naming the reason, and
 * the supervisor starts a fresh worker under the same name, while the other workers never notice.
 *
 * <pre>
 *            parsers (one_for_one)
 *          /        |          \
 *   parsers.0   parsers.1 …  parsers.N-1      "12" ─▶ 12;  "twelve" ─▶ crash ─▶ restart
 * </pre>
 *
 * Each worker keeps a running total of what it parsed, to show that a crash loses the crashed worker's state only.
 */
public final class Parsers {

    /** The calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Parses {@code text} as a whole number, adds it to the worker's total and replies with the number. */
    record Parse(String text) implements Request<Long> {}

    /** Replies with the worker's running total. */
    record Total() implements Request<Long> {}

    /** A worker; the state is its running total. */
    private static final class Worker implements GenServer<Long, Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Worker.class);

        private final AtomicLong starts;

        Worker(AtomicLong starts) {
            this.starts = starts;
        }

        @Override
        public Init<Long> init(ProcessContext self) {
            starts.incrementAndGet();
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Request<?> request, From from, Long total) {
            return switch (request) {
                case Parse parse -> {
                    long n = Long.parseLong(parse.text()); // bad input throws: the worker crashes
                    yield reply(parse, n, total + n);
                }
                case Total t -> reply(t, total, total);
            };
        }
    }

    private final Node node;
    private final String name;
    private final int workers;
    private final Supervisor supervisor;
    private final AtomicLong starts;

    private Parsers(Node node, String name, int workers, Supervisor supervisor, AtomicLong starts) {
        this.node = node;
        this.name = name;
        this.workers = workers;
        this.supervisor = supervisor;
        this.starts = starts;
    }

    /**
     * Starts {@code workers} parsers under a supervisor registered as {@code name}, the workers as {@code
     * name.0} to {@code name.N-1}.
     *
     * @param node the node it runs on
     * @param name the name the supervisor registers under; its workers take {@code name.0} and on
     * @param period the window of {@code maxRestarts}
     * @param workers at least 1
     * @param maxRestarts restarts allowed within {@code period} before the supervisor gives up (OTP's intensity)
     * @return a facade over the running parsers
     */
    public static Parsers start(Node node, String name, int workers, int maxRestarts, Duration period) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
        AtomicLong starts = new AtomicLong();
        List<ChildSpec> children = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            children.add(ChildSpec.worker(
                    Integer.toString(i),
                    () -> new Worker(starts),
                    StartOptions.defaults().withName(workerName(name, i))));
        }
        Supervisor supervisor = Supervisor.start(
                node,
                SupervisorFlags.oneForOne().withIntensity(maxRestarts, period),
                children,
                StartOptions.defaults().withName(name));
        return new Parsers(node, name, workers, supervisor, starts);
    }

    /**
     * {@return the registered name of worker {@code i} of the parsers named {@code name}}
     *
     * @param name the name of the parsers' supervisor
     * @param i the worker's index, from 0
     */
    public static String workerName(String name, int i) {
        return name + "." + i;
    }

    /**
     * Parses {@code text} on worker {@code worker}.
     *
     * @param worker the worker's index, from 0
     * @param text the text to parse as a whole number
     * @return the number
     * @throws io.otp4j.genserver.ServerExitedException if the text is not a whole number: the worker crashed on it
     * @throws IllegalStateException if the worker is being restarted at this moment
     */
    public long parse(int worker, String text) {
        Objects.requireNonNull(text, "text");
        return ref(worker).call(new Parse(text));
    }

    /**
     * {@return worker {@code worker}'s running total since it last started}
     *
     * @param worker the worker's index, from 0
     */
    public long total(int worker) {
        return ref(worker).call(new Total());
    }

    /**
     * {@return the server of worker {@code worker}, as registered now}
     *
     * @param worker the worker's index, from 0
     */
    public GenServerRef<Request<?>, NoCast> ref(int worker) {
        Objects.checkIndex(worker, workers);
        return GenServerRef.whereis(node, workerName(name, worker), Worker.TYPE)
                .orElseThrow(() -> new IllegalStateException(
                        "parser " + workerName(name, worker) + " is not running: it is being restarted"));
    }

    /** {@return how many workers there are} */
    public int workers() {
        return workers;
    }

    /** {@return how many times a worker was restarted after a crash} */
    public long restarts() {
        return starts.get() - workers;
    }

    /** {@return the supervisor} */
    public Supervisor supervisor() {
        return supervisor;
    }

    /** Stops the workers and their supervisor. */
    public void stop() {
        supervisor.stop();
    }
}
