package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A consumer that starts one process per event (Elixir's {@code ConsumerSupervisor}), its demand bounding how
 * many run at once: it asks each producer for {@code maxDemand} events, starts a child for each event that
 * arrives, and asks for more once {@code maxDemand - minDemand} children of that subscription have exited.
 * So at most {@code maxDemand} children per subscription run at a time.
 *
 * <pre>
 *   [Producer] ──events──▶ [ConsumerSupervisor] ──spawnLink──▶ child(event1)
 *              ◀──demand──        (traps exits)  ──spawnLink──▶ child(event2) ...
 * </pre>
 *
 * <h2>Children and their exits</h2>
 *
 * Children are linked to the supervisor, which traps exits. What happens when a child exits depends on its
 * {@link Restart} type, as in OTP (a permanent child is not supported, as in Elixir):
 *
 * <ul>
 *   <li>{@link Restart#TEMPORARY} (the default): never restarted. Whatever its reason, the child is done and
 *       its slot of demand is given back. A crash writes the child's crash report, nothing more.
 *   <li>{@link Restart#TRANSIENT}: restarted with the same event if it exits abnormally (anything but {@code
 *       normal}, {@code shutdown} or {@code {shutdown, detail}}); its slot is given back when it exits
 *       normally. More than {@code maxRestarts} restarts within {@code period} make the supervisor give up:
 *       it exits with {@code shutdown}, its children are shut down, and its producers see it go.
 * </ul>
 *
 * A child whose body cannot be made (the child function throws) is logged and its slot given back. When the
 * supervisor exits, it sends {@code shutdown} to each running child. A subscription that ends leaves its
 * running children running; the cancel mode says whether the supervisor exits, as for any consumer: subscribe
 * with {@link CancelMode#TRANSIENT} to outlive a producer that finishes normally (with the default, {@link
 * CancelMode#PERMANENT}, the supervisor exits with the producer and shuts down the children still running).
 *
 * <p>This is a minimal supervision model of its own, not built on {@code io.otp4j.supervisor}.
 */
public final class ConsumerSupervisor {

    private ConsumerSupervisor() {}

    /** When a child is restarted. */
    public enum Restart {
        /** Never restarted. */
        TEMPORARY,
        /** Restarted with the same event if it exits abnormally. */
        TRANSIENT
    }

    /**
     * How the supervisor treats its children. Immutable; each {@code with…} returns a copy.
     *
     * @param restart when a child is restarted
     * @param maxRestarts how many restarts are allowed within {@code period} (OTP's intensity); one more
     *     makes the supervisor exit with {@code shutdown}
     * @param period the window of {@code maxRestarts}, measured on the node's clock
     * @param subscribeTo producers to subscribe to as the supervisor starts
     */
    public record Options(Restart restart, int maxRestarts, Duration period, List<StageInit.SubscribeTo> subscribeTo) {

        private static final Options DEFAULTS = new Options(Restart.TEMPORARY, 3, Duration.ofSeconds(5), List.of());

        /** Checks the components; a null or invalid one throws, naming the component and the problem. */
        public Options {
            Objects.requireNonNull(restart, "restart");
            Objects.requireNonNull(period, "period");
            subscribeTo = List.copyOf(Objects.requireNonNull(subscribeTo, "subscribeTo"));
            if (maxRestarts < 0) {
                throw new IllegalArgumentException("maxRestarts must not be negative, was " + maxRestarts);
            }
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, was " + period);
            }
        }

        /** {@return temporary children, 3 restarts in 5 seconds, no subscription at start (OTP's defaults)} */
        public static Options defaults() {
            return DEFAULTS;
        }

        /**
         * {@return a copy with this restart type}
         *
         * @param restart when a child is restarted: TRANSIENT after an abnormal exit, TEMPORARY never
         */
        public Options withRestart(Restart restart) {
            Objects.requireNonNull(restart, "restart");
            return new Options(restart, maxRestarts, period, subscribeTo);
        }

        /**
         * {@return a copy allowing {@code maxRestarts} restarts within {@code period}}
         *
         * @param maxRestarts the most restarts within {@code period}, not negative; one more and the supervisor gives
         *     up
         * @param period the window the restarts are counted in
         */
        public Options withIntensity(int maxRestarts, Duration period) {
            Objects.requireNonNull(period, "period");
            return new Options(restart, maxRestarts, period, subscribeTo);
        }

        /**
         * {@return a copy that also subscribes to {@code producer} at start}
         *
         * @param producer the producer whose events start children
         * @param options the subscription's demand bounds: {@code maxDemand} is the most children running at once
         */
        public Options subscribeTo(StageRef<?, ?> producer, SubscribeOptions options) {
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(options, "options");
            List<StageInit.SubscribeTo> all = new java.util.ArrayList<>(subscribeTo);
            all.add(new StageInit.SubscribeTo(producer.pid(), options));
            return new Options(restart, maxRestarts, period, all);
        }
    }

    /** Asks a supervisor for its running children. */
    record WhichChildren() implements Call<List<Pid>> {}

    /**
     * Starts a consumer supervisor whose children run {@code child.apply(event)}.
     *
     * @param <E> the events, each the argument of one child
     * @param node the node the supervisor runs on
     * @param options the children's restart type and intensity, and the producers to subscribe to
     * @param child makes the body of the child for an event; called in the supervisor's process
     * @return the supervisor, a consumer stage that takes no calls a client may make
     */
    public static <E> StageRef<?, NoCast> start(
            Node node, Function<? super E, ? extends ProcessBody> child, Options options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(options, "options");
        return start(node, child, options, StartOptions.defaults());
    }

    /**
     * Starts a consumer supervisor with start options (a name, the init timeout, the mailbox).
     *
     * @param <E> the events, each the argument of one child
     * @param node the node the supervisor runs on
     * @param child makes the body of the child for an event; called in the supervisor's process
     * @param options the children's restart type and intensity, and the producers to subscribe to
     * @param start the supervisor's name, init timeout and mailbox
     * @return the supervisor, a consumer stage that takes no calls a client may make
     */
    public static <E> StageRef<?, NoCast> start(
            Node node, Function<? super E, ? extends ProcessBody> child, Options options, StartOptions start) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(options, "options");
        return GenStage.start(node, new SupervisorConsumer<E>(child, options), start);
    }

    /**
     * {@return the running children of {@code supervisor}, in the order they started}
     *
     * @param supervisor a consumer supervisor
     */
    public static List<Pid> whichChildren(StageRef<?, ?> supervisor) {
        Objects.requireNonNull(supervisor, "supervisor");
        return supervisor.call(new WhichChildren());
    }

    /**
     * {@return how many children of {@code supervisor} are running}
     *
     * @param supervisor a consumer supervisor
     */
    public static int countChildren(StageRef<?, ?> supervisor) {
        Objects.requireNonNull(supervisor, "supervisor");
        return whichChildren(supervisor).size();
    }
}
