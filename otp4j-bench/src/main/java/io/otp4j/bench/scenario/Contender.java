package io.otp4j.bench.scenario;

import java.time.Duration;
import java.util.OptionalDouble;
import java.util.function.IntConsumer;

/**
 * One runtime the scenarios run on: otp4j ({@link OtpContender}) or Apache Pekko typed ({@link
 * PekkoContender}); the BEAM's side is {@code otp4j-bench/beam/scenarios.exs}. Each method sets one workload up
 * and hands back a {@link Bench} whose batches the {@link Harness} times. Every client runs inside the runtime
 * (a process, an actor): the harness only starts a batch and waits for its end.
 */
public interface Contender extends AutoCloseable {

    /**
     * Calls on one counter server: {@code callers} clients make {@code total / callers} increment calls each, in
     * a row, every batch.
     */
    Bench calls(int callers, int total);

    /**
     * Requests on one counter server whose replies come back as messages: {@code callers} client processes (actors)
     * make {@code total / callers} increment requests each, the next when the last one's reply has come, every
     * batch. It is the shape of {@link #calls} for a client that is itself a server handling messages: Pekko's
     * {@code ask} from an actor, otp4j's {@code sendRequest} with the reply taken in {@code handleInfo}.
     */
    Bench requests(int callers, int total);

    /**
     * The same workload, with the clients and the server run as an actor system runs its actors: by a pool of
     * threads that each take the next one with work (otp4j's pooled servers). The default runs {@link #requests},
     * for a side whose processes always run that way.
     */
    default Bench pooledRequests(int callers, int total) {
        return requests(callers, total);
    }

    /**
     * {@link #calls} on a counter run as an actor is (otp4j's pooled server, whose caller's thread runs it while it
     * is idle). The default runs {@link #calls}, for a side whose processes always run that way.
     */
    default Bench pooledCalls(int callers, int total) {
        return calls(callers, total);
    }

    /** One client casts {@code casts} increments at one counter, then makes one call as a barrier. */
    Bench casts(int casts);

    /**
     * Token-bucket checks: {@code callers} clients make {@code total / callers} checks each on {@code shards}
     * limiter servers, a key's checks going to the server its hash picks.
     */
    Bench rateLimiter(int callers, int shards, int total);

    /**
     * One starter starts {@code starts} counters synchronously (each start returns once the server's init has
     * run); a batch counts the starter's own time, and stops the servers after it.
     */
    Bench starts(int starts);

    /**
     * {@link #starts} of counters run as an actor is (otp4j's pooled server, whose init runs on the starter's
     * thread). The default runs {@link #starts}, for a side whose processes always run that way.
     */
    default Bench pooledStarts(int starts) {
        return starts(starts);
    }

    /** {@code size} processes in a ring; a batch passes one token {@code hops} hops. */
    Bench ring(int size, int hops);

    /**
     * The mailer: a client casts {@code jobs} deliveries of {@code work} each, then makes one urgent call; a batch
     * counts the urgent call's latency and ends when every delivery is done. Not cured, one server does the
     * deliveries itself; cured, {@code partitions} servers chosen by key hash hand each delivery to a task.
     */
    Bench mailer(boolean cured, int partitions, int jobs, Duration work);

    /**
     * Bytes per idle counter server (or hibernated, if the runtime has hibernation): the heap growth of one
     * population of {@code count}, the first this process makes.
     *
     * @return the figure, or empty if the runtime has no such thing (Pekko has no hibernation)
     */
    OptionalDouble memoryPerServer(int count, boolean hibernated);

    /**
     * Call latency with many idle servers alive: {@code few} counters and one client at first; {@link
     * Scaling#grow} starts more, idle.
     */
    Scaling scaling(int few, int calls);

    /**
     * A fast sender casts {@code messages} at a slow server ({@code work} of computation per message) whose
     * mailbox holds at most {@code capacity}.
     */
    FloodOutcome flood(int messages, int capacity, Duration work) throws Exception;

    /** The flat-scaling workload: batches of calls to one server, among as many idle ones as {@link #grow} made. */
    interface Scaling extends Bench {
        /** Starts idle servers until {@code total} are alive. */
        void grow(int total);

        /**
         * {@return a scaling workload whose batches are {@code calls}'s, with {@code alive} servers now; growing
         * calls {@code startMore} with how many more to start}
         */
        static Scaling of(Bench calls, int alive, IntConsumer startMore) {
            return new Scaling() {
                private int now = alive;

                @Override
                public void grow(int total) {
                    if (total > now) {
                        startMore.accept(total - now);
                        now = total;
                    }
                }

                @Override
                public long run() throws Exception {
                    return calls.run();
                }

                @Override
                public void close() {
                    calls.close();
                }
            };
        }
    }

    /**
     * What became of a flood.
     *
     * @param sent casts the sender sent
     * @param accepted casts the mailbox took
     * @param rejected casts the mailbox refused (otp4j: the sender learned it; Pekko: dead letters)
     * @param handled casts the server handled
     * @param queued casts still waiting when counted (the BEAM's unbounded mailbox, counted before the server is
     *     killed)
     * @param peakQueue the longest mailbox seen while the sender sent; -1 where the runtime cannot tell
     * @param heapGrowth bytes the live heap grew by, read with a full collection right after the last send
     * @param sendNanos how long the sender took
     */
    record FloodOutcome(
            long sent,
            long accepted,
            long rejected,
            long handled,
            long queued,
            long peakQueue,
            long heapGrowth,
            long sendNanos) {

        /** {@return whether every message is accounted for: sent = accepted + rejected = handled + queued + rejected} */
        public boolean addsUp() {
            return sent == accepted + rejected && accepted == handled + queued;
        }
    }

    /** Stops the runtime. */
    @Override
    void close();
}
