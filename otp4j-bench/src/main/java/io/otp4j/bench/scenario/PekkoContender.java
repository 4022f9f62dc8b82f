package io.otp4j.bench.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.otp4j.bench.HeapProbe;
import io.otp4j.bench.scenario.PekkoActors.Acquire;
import io.otp4j.bench.scenario.PekkoActors.ClientMsg;
import io.otp4j.bench.scenario.PekkoActors.CounterMsg;
import io.otp4j.bench.scenario.PekkoActors.Go;
import io.otp4j.bench.scenario.PekkoActors.MailerMsg;
import io.otp4j.bench.scenario.PekkoActors.RingMsg;
import io.otp4j.bench.scenario.PekkoActors.ScopeMsg;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.MailboxSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SpawnProtocol;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The scenarios on Apache Pekko typed, with its default configuration (the default dispatcher, a fork-join pool
 * of at least 8 threads; the default unbounded single-consumer mailbox) except that dead letters are not logged
 * and the default dispatcher's fork-join pool takes its own tasks last-in first-out.
 *
 * <p>With the default first-in first-out mode, Pekko 1.7.0 on JDK 25.0.3 fails under the call workloads within
 * seconds: the pool's {@code execute} throws {@code RejectedExecutionException: Queue capacity exceeded}, Pekko
 * publishes the rejection on its event stream, whose logger's mailbox is rejected again, and the recursion ends in
 * a {@code StackOverflowError} that stops the JVM (two runs of three of {@code call_throughput_4}). In the
 * last-in first-out mode ({@code task-peeking-mode = LIFO}) it ran clean; it is also the faster mode here, so the
 * anchor is not weakened by the change.
 * Each workload's actors live under a {@link PekkoActors.Scope} of their own, stopped when the workload ends.
 */
public final class PekkoContender implements Contender {

    private static final Duration BOUND = OtpContender.BATCH_BOUND;

    private final ActorSystem<SpawnProtocol.Command> system;

    /** Starts an actor system named {@code scenarios}. */
    public PekkoContender() {
        Config config = ConfigFactory.parseString(
                        "pekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off\n"
                                + "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\n"
                                + "pekko.actor.default-dispatcher.fork-join-executor.task-peeking-mode = LIFO")
                .withFallback(ConfigFactory.load());
        system = ActorSystem.create(SpawnProtocol.create(), "scenarios", config);
    }

    /** A workload's actors: spawn into it, then {@link #close()} stops them all and waits. */
    private final class Workload implements HeapProbe.Population {
        private final CompletableFuture<Void> stopped = new CompletableFuture<>();
        private final ActorRef<ScopeMsg> scope;

        Workload() {
            scope = topLevel(PekkoActors.Scope.create(stopped), Props.empty());
        }

        <T> ActorRef<T> spawn(Behavior<T> behavior) {
            return spawn(behavior, Props.empty());
        }

        <T> ActorRef<T> spawn(Behavior<T> behavior, Props props) {
            CompletableFuture<ActorRef<T>> ref = new CompletableFuture<>();
            scope.tell(new PekkoActors.SpawnChild<>(behavior, props, ref));
            return join(ref);
        }

        /** Spawns {@code count} counters and returns once every one has run its setup. */
        void spawnIdleCounters(int count) {
            CountDownLatch started = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                scope.tell(new PekkoActors.SpawnChild<>(
                        PekkoActors.Counter.create(self -> started.countDown()),
                        Props.empty(),
                        new CompletableFuture<>()));
            }
            try {
                if (!started.await(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(started.getCount() + " of " + count + " actors did not start");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while spawning", e);
            }
        }

        @Override
        public void close() {
            scope.tell(new PekkoActors.StopScope());
            join(stopped);
        }
    }

    private <T> ActorRef<T> topLevel(Behavior<T> behavior, Props props) {
        return join(AskPattern.<SpawnProtocol.Command, ActorRef<T>>ask(
                        system,
                        replyTo -> new SpawnProtocol.Spawn<>(behavior, "", props, replyTo),
                        BOUND,
                        system.scheduler())
                .toCompletableFuture());
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("an actor did not answer within " + BOUND, e);
        }
    }

    @Override
    public Bench calls(int callers, int total) {
        int each = OtpContender.share(total, callers);
        Workload workload = new Workload();
        ActorRef<CounterMsg> counter = workload.spawn(PekkoActors.Counter.create());
        return clients(workload, callers, i -> PekkoActors.CallClient.create(counter, each));
    }

    /** Pekko's calls are already its actors' requests and replies as messages: the same clients. */
    @Override
    public Bench requests(int callers, int total) {
        return calls(callers, total);
    }

    @Override
    public Bench casts(int casts) {
        Workload workload = new Workload();
        ActorRef<CounterMsg> counter = workload.spawn(PekkoActors.Counter.create());
        return clients(workload, 1, i -> PekkoActors.CastClient.create(counter, casts));
    }

    @Override
    public Bench rateLimiter(int callers, int shards, int total) {
        int each = OtpContender.share(total, callers);
        Workload workload = new Workload();
        KeyHashShards<ActorRef<Acquire>> limiters =
                KeyHashShards.start(shards, i -> workload.spawn(PekkoActors.RateLimiter.create(100, 1000.0)));
        return clients(workload, callers, i -> PekkoActors.RateClient.create(limiters, i, each));
    }

    @Override
    public Bench starts(int starts) {
        Workload workload = new Workload();
        var starter = workload.spawn(PekkoActors.Starter.create(starts));
        return OtpContender.bench(
                () -> {
                    CompletableFuture<Long> elapsed = new CompletableFuture<>();
                    starter.tell(new PekkoActors.StartBatch(elapsed));
                    return OtpContender.await(elapsed);
                },
                workload::close);
    }

    @Override
    public Bench ring(int size, int hops) {
        Workload workload = new Workload();
        List<ActorRef<RingMsg>> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add(workload.spawn(PekkoActors.RingMember.create()));
        }
        for (int i = 0; i < size; i++) {
            members.get(i).tell(new PekkoActors.SetNext(members.get((i + 1) % size)));
        }
        return OtpContender.bench(
                () -> {
                    CompletableFuture<Long> done = new CompletableFuture<>();
                    long t0 = System.nanoTime();
                    members.get(0).tell(new PekkoActors.Token(hops - 1, done));
                    return OtpContender.await(done) - t0;
                },
                workload::close);
    }

    @Override
    public Bench mailer(boolean cured, int partitions, int jobs, Duration work) {
        Workload workload = new Workload();
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        KeyHashShards<ActorRef<MailerMsg>> mailers = KeyHashShards.start(
                cured ? partitions : 1, i -> workload.spawn(PekkoActors.Mailer.create(work, cured ? blocking : null)));
        var client = workload.spawn(PekkoActors.MailClient.create(mailers, jobs));
        return OtpContender.bench(
                () -> {
                    CompletableFuture<Long> latency = new CompletableFuture<>();
                    client.tell(new PekkoActors.MailGo(latency));
                    return OtpContender.await(latency);
                },
                workload::close);
    }

    @Override
    public OptionalDouble memoryPerServer(int count, boolean hibernated) {
        if (hibernated) {
            return OptionalDouble.empty(); // Pekko has no hibernation
        }
        return OptionalDouble.of(HeapProbe.measureRounds("idle Pekko actors", count, 1, () -> {
            Workload workload = new Workload();
            workload.spawnIdleCounters(count);
            return workload;
        }));
    }

    @Override
    public Scaling scaling(int few, int calls) {
        Workload workload = new Workload();
        List<ActorRef<CounterMsg>> counters = new ArrayList<>();
        for (int i = 0; i < few; i++) {
            counters.add(workload.spawn(PekkoActors.Counter.create()));
        }
        Bench bench = clients(workload, 1, i -> PekkoActors.CallClient.create(counters.get(0), calls));
        return Scaling.of(bench, few, workload::spawnIdleCounters);
    }

    @Override
    public FloodOutcome flood(int messages, int capacity, Duration work) throws Exception {
        AtomicLong deadLetters = new AtomicLong();
        AtomicLong handled = new AtomicLong();
        try (Workload workload = new Workload()) {
            ActorRef<DeadLetter> counter = workload.spawn(PekkoActors.countingRejectedJobs(deadLetters));
            system.eventStream().tell(new EventStream.Subscribe<>(DeadLetter.class, counter));
            ActorRef<PekkoActors.FloodMsg> server = workload.spawn(
                    PekkoActors.FloodServer.create(work.toNanos(), handled), MailboxSelector.bounded(capacity));
            long before = HeapProbe.usedAfterGc();
            PekkoActors.FloodJob job = new PekkoActors.FloodJob();
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                server.tell(job);
            }
            long sendNanos = System.nanoTime() - t0;
            long heapGrowth = OtpFlood.liveHeapNow() - before;
            // The sender does not learn of a rejection: each goes to dead letters. Wait until every message is
            // either handled or a dead letter.
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (handled.get() + deadLetters.get() < messages && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000);
            }
            if (handled.get() + deadLetters.get() < messages) {
                throw new TimeoutException("the flood's messages were not all handled or dead letters within " + BOUND
                        + ": " + handled.get() + " handled, " + deadLetters.get() + " rejected of " + messages);
            }
            long rejected = deadLetters.get();
            return new FloodOutcome(
                    messages, messages - rejected, rejected, handled.get(), 0, -1, heapGrowth, sendNanos);
        }
    }

    /**
     * Spawns {@code count} clients; a batch sends each a {@link Go} and waits until all have counted down.
     */
    private Bench clients(Workload workload, int count, IntFunction<Behavior<ClientMsg>> client) {
        List<ActorRef<ClientMsg>> clients = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            clients.add(workload.spawn(client.apply(i)));
        }
        return OtpContender.bench(
                () -> {
                    Go go = new Go(new CountDownLatch(count));
                    long t0 = System.nanoTime();
                    for (ActorRef<ClientMsg> c : clients) {
                        c.tell(go);
                    }
                    if (!go.done().await(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new TimeoutException("a batch of " + count + " clients did not end within " + BOUND);
                    }
                    return System.nanoTime() - t0;
                },
                workload::close);
    }

    @Override
    public void close() {
        system.terminate();
        join(system.getWhenTerminated().toCompletableFuture().thenApply(done -> true));
    }
}
