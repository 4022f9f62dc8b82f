package io.otp4j.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.jspecify.annotations.Nullable;

/**
 * The scenarios' actors on Apache Pekko typed, written as a Java user writes them ({@link AbstractBehavior} with
 * a receive builder, requests carrying a {@code replyTo}). A client sends its next request when the reply to the
 * last one arrives: actor-to-actor request-response without {@code ask}'s temporary actor and timeout, the
 * fastest form Pekko offers, so otp4j's ratios against it are conservative.
 */
final class PekkoActors {

    private PekkoActors() {}

    // ------------------------------------------------------------------ a scope that owns a workload's actors

    /** What a {@link Scope} does: spawn a child, spawn many idle ones, or stop with all its children. */
    sealed interface ScopeMsg {}

    /** Spawns {@code behavior} as a child and completes {@code ref} with it. */
    record SpawnChild<T>(Behavior<T> behavior, Props props, CompletableFuture<ActorRef<T>> ref) implements ScopeMsg {
        void spawn(ActorContext<ScopeMsg> context) {
            ref.complete(context.spawnAnonymous(behavior, props));
        }
    }

    /** Stops the scope; its children stop first. */
    record StopScope() implements ScopeMsg {}

    /** Owns the actors of one workload; its {@code stopped} future completes once it and its children are gone. */
    static final class Scope extends AbstractBehavior<ScopeMsg> {
        private final CompletableFuture<Void> stopped;

        Scope(ActorContext<ScopeMsg> context, CompletableFuture<Void> stopped) {
            super(context);
            this.stopped = stopped;
        }

        static Behavior<ScopeMsg> create(CompletableFuture<Void> stopped) {
            return Behaviors.setup(context -> new Scope(context, stopped));
        }

        @Override
        public Receive<ScopeMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(SpawnChild.class, spawn -> {
                        spawn.spawn(getContext());
                        return this;
                    })
                    .onMessage(StopScope.class, stop -> Behaviors.stopped())
                    .onSignal(PostStop.class, signal -> {
                        stopped.complete(null);
                        return this;
                    })
                    .build();
        }
    }

    // ------------------------------------------------------------------ the counter and its clients

    /** What a counter takes. */
    sealed interface CounterMsg {}

    record Increment(int by, ActorRef<Value> replyTo) implements CounterMsg {}

    record Get(ActorRef<Value> replyTo) implements CounterMsg {}

    record Add(int n) implements CounterMsg {}

    /** What a client takes: a batch to do, a reply. */
    sealed interface ClientMsg {}

    record Go(CountDownLatch done) implements ClientMsg {}

    record Value(int value) implements ClientMsg {}

    /** The counter, the same shape as {@code BenchCounter}. */
    static final class Counter extends AbstractBehavior<CounterMsg> {
        private int count;

        Counter(ActorContext<CounterMsg> context) {
            super(context);
        }

        static Behavior<CounterMsg> create() {
            return Behaviors.setup(Counter::new);
        }

        /** A counter that tells {@code started} its ref once it is set up (a start is synchronous if one waits). */
        static Behavior<CounterMsg> create(Consumer<ActorRef<CounterMsg>> started) {
            return Behaviors.setup(context -> {
                started.accept(context.getSelf());
                return new Counter(context);
            });
        }

        @Override
        public Receive<CounterMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Increment.class, inc -> {
                        count += inc.by();
                        inc.replyTo().tell(new Value(count));
                        return this;
                    })
                    .onMessage(Get.class, get -> {
                        get.replyTo().tell(new Value(count));
                        return this;
                    })
                    .onMessage(Add.class, add -> {
                        count += add.n();
                        return this;
                    })
                    .build();
        }
    }

    /** Makes {@code each} increment calls in a row per batch. */
    static final class CallClient extends AbstractBehavior<ClientMsg> {
        private final ActorRef<CounterMsg> counter;
        private final int each;
        private final Increment increment;
        private int left;
        private @Nullable CountDownLatch done;

        CallClient(ActorContext<ClientMsg> context, ActorRef<CounterMsg> counter, int each) {
            super(context);
            this.counter = counter;
            this.each = each;
            this.increment = new Increment(1, context.getSelf().narrow());
        }

        static Behavior<ClientMsg> create(ActorRef<CounterMsg> counter, int each) {
            return Behaviors.setup(context -> new CallClient(context, counter, each));
        }

        @Override
        public Receive<ClientMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Go.class, go -> {
                        done = go.done();
                        left = each;
                        counter.tell(increment);
                        return this;
                    })
                    .onMessage(Value.class, value -> {
                        if (--left > 0) {
                            counter.tell(increment);
                        } else {
                            finish(done);
                        }
                        return this;
                    })
                    .build();
        }
    }

    /** Casts {@code casts} adds per batch, then a get as a barrier. */
    static final class CastClient extends AbstractBehavior<ClientMsg> {
        private final ActorRef<CounterMsg> counter;
        private final int casts;
        private @Nullable CountDownLatch done;

        CastClient(ActorContext<ClientMsg> context, ActorRef<CounterMsg> counter, int casts) {
            super(context);
            this.counter = counter;
            this.casts = casts;
        }

        static Behavior<ClientMsg> create(ActorRef<CounterMsg> counter, int casts) {
            return Behaviors.setup(context -> new CastClient(context, counter, casts));
        }

        @Override
        public Receive<ClientMsg> createReceive() {
            Add add = new Add(1);
            Get get = new Get(getContext().getSelf().narrow());
            return newReceiveBuilder()
                    .onMessage(Go.class, go -> {
                        done = go.done();
                        for (int i = 0; i < casts; i++) {
                            counter.tell(add);
                        }
                        counter.tell(get);
                        return this;
                    })
                    .onMessage(Value.class, value -> {
                        finish(done);
                        return this;
                    })
                    .build();
        }
    }

    static void finish(@Nullable CountDownLatch done) {
        if (done == null) {
            throw new IllegalStateException("a reply arrived before any batch started");
        }
        done.countDown();
    }

    // ------------------------------------------------------------------ the rate limiter

    /** Takes a token for {@code key}; replies whether there was one. */
    record Acquire(String key, ActorRef<Allowed> replyTo) {}

    record Allowed(boolean allowed) implements ClientMsg {}

    /** The token-bucket rate limiter, the same shape as the examples' {@code RateLimiter}. */
    static final class RateLimiter extends AbstractBehavior<Acquire> {
        private static final class Bucket {
            double tokens;
            long refilledAt;

            Bucket(double tokens, long refilledAt) {
                this.tokens = tokens;
                this.refilledAt = refilledAt;
            }
        }

        private final Map<String, Bucket> buckets = new HashMap<>();
        private final int capacity;
        private final double perNano;

        RateLimiter(ActorContext<Acquire> context, int capacity, double perSecond) {
            super(context);
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
        }

        static Behavior<Acquire> create(int capacity, double perSecond) {
            return Behaviors.setup(context -> new RateLimiter(context, capacity, perSecond));
        }

        @Override
        public Receive<Acquire> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Acquire.class, acquire -> {
                        long now = System.nanoTime();
                        Bucket bucket = buckets.computeIfAbsent(acquire.key(), k -> new Bucket(capacity, now));
                        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * perNano);
                        bucket.refilledAt = now;
                        boolean allowed = bucket.tokens >= 1;
                        if (allowed) {
                            bucket.tokens -= 1;
                        }
                        acquire.replyTo().tell(new Allowed(allowed));
                        return this;
                    })
                    .build();
        }
    }

    /** Makes {@code each} checks in a row per batch, each on the limiter its key's hash picks. */
    static final class RateClient extends AbstractBehavior<ClientMsg> {
        private final KeyHashShards<ActorRef<Acquire>> limiters;
        private final int index;
        private final int each;
        private final ActorRef<Allowed> self;
        private int sent;
        private @Nullable CountDownLatch done;

        RateClient(ActorContext<ClientMsg> context, KeyHashShards<ActorRef<Acquire>> limiters, int index, int each) {
            super(context);
            this.limiters = limiters;
            this.index = index;
            this.each = each;
            this.self = context.getSelf().narrow();
        }

        static Behavior<ClientMsg> create(KeyHashShards<ActorRef<Acquire>> limiters, int index, int each) {
            return Behaviors.setup(context -> new RateClient(context, limiters, index, each));
        }

        private void next() {
            String key = Work.key(index, sent++);
            limiters.route(key).tell(new Acquire(key, self));
        }

        @Override
        public Receive<ClientMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Go.class, go -> {
                        done = go.done();
                        sent = 0;
                        next();
                        return this;
                    })
                    .onMessage(Allowed.class, allowed -> {
                        if (sent < each) {
                            next();
                        } else {
                            finish(done);
                        }
                        return this;
                    })
                    .build();
        }
    }

    // ------------------------------------------------------------------ synchronous starts

    sealed interface StarterMsg {}

    record StartBatch(CompletableFuture<Long> elapsed) implements StarterMsg {}

    record Started(ActorRef<CounterMsg> counter) implements StarterMsg {}

    /**
     * Starts {@code starts} counters one after the other, each once the last one's setup has run (Pekko's spawn
     * is asynchronous; waiting for the setup is what makes a start synchronous), then stops them.
     */
    static final class Starter extends AbstractBehavior<StarterMsg> {
        private final int starts;
        private final List<ActorRef<CounterMsg>> started = new ArrayList<>();
        private long t0;
        private @Nullable CompletableFuture<Long> elapsed;

        Starter(ActorContext<StarterMsg> context, int starts) {
            super(context);
            this.starts = starts;
        }

        static Behavior<StarterMsg> create(int starts) {
            return Behaviors.setup(context -> new Starter(context, starts));
        }

        private void startOne() {
            ActorRef<StarterMsg> self = getContext().getSelf();
            getContext().spawnAnonymous(Counter.create(child -> self.tell(new Started(child))));
        }

        @Override
        public Receive<StarterMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(StartBatch.class, batch -> {
                        elapsed = batch.elapsed();
                        t0 = System.nanoTime();
                        startOne();
                        return this;
                    })
                    .onMessage(Started.class, one -> {
                        started.add(one.counter());
                        if (started.size() < starts) {
                            startOne();
                        } else {
                            long took = System.nanoTime() - t0;
                            started.forEach(getContext()::stop);
                            started.clear();
                            if (elapsed == null) {
                                throw new IllegalStateException("a start finished before any batch began");
                            }
                            elapsed.complete(took);
                        }
                        return this;
                    })
                    .build();
        }
    }

    // ------------------------------------------------------------------ the ring

    sealed interface RingMsg {}

    record SetNext(ActorRef<RingMsg> next) implements RingMsg {}

    record Token(long hopsLeft, CompletableFuture<Long> done) implements RingMsg {}

    static final class RingMember extends AbstractBehavior<RingMsg> {
        private @Nullable ActorRef<RingMsg> next;

        RingMember(ActorContext<RingMsg> context) {
            super(context);
        }

        static Behavior<RingMsg> create() {
            return Behaviors.setup(RingMember::new);
        }

        @Override
        public Receive<RingMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(SetNext.class, set -> {
                        next = set.next();
                        return this;
                    })
                    .onMessage(Token.class, token -> {
                        if (token.hopsLeft() == 0) {
                            token.done().complete(System.nanoTime());
                        } else if (next == null) {
                            throw new IllegalStateException("a token arrived before the ring was closed");
                        } else {
                            next.tell(new Token(token.hopsLeft() - 1, token.done()));
                        }
                        return this;
                    })
                    .build();
        }
    }

    // ------------------------------------------------------------------ the mailer

    sealed interface MailerMsg {}

    record Deliver(String to, ActorRef<MailClientMsg> replyTo) implements MailerMsg {}

    record Urgent(String to, ActorRef<MailClientMsg> replyTo) implements MailerMsg {}

    sealed interface MailClientMsg {}

    record MailGo(CompletableFuture<Long> latency) implements MailClientMsg {}

    record Delivered(String to) implements MailClientMsg {}

    record UrgentDone() implements MailClientMsg {}

    /**
     * The mailer. Without an executor it delivers in its handler, blocking its dispatcher thread; with one (the
     * cure) it hands each delivery to that executor, Pekko's dispatcher for blocking work.
     */
    static final class Mailer extends AbstractBehavior<MailerMsg> {
        private final Duration work;
        private final @Nullable Executor blocking;

        Mailer(ActorContext<MailerMsg> context, Duration work, @Nullable Executor blocking) {
            super(context);
            this.work = work;
            this.blocking = blocking;
        }

        static Behavior<MailerMsg> create(Duration work, @Nullable Executor blocking) {
            return Behaviors.setup(context -> new Mailer(context, work, blocking));
        }

        @Override
        public Receive<MailerMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Deliver.class, deliver -> {
                        Runnable send = () -> {
                            Work.block(work);
                            deliver.replyTo().tell(new Delivered(deliver.to()));
                        };
                        if (blocking == null) {
                            send.run();
                        } else {
                            CompletableFuture.runAsync(send, blocking);
                        }
                        return this;
                    })
                    .onMessage(Urgent.class, urgent -> {
                        urgent.replyTo().tell(new UrgentDone());
                        return this;
                    })
                    .build();
        }
    }

    /** Casts {@code jobs} deliveries, then one urgent request; completes with its latency once all are done. */
    static final class MailClient extends AbstractBehavior<MailClientMsg> {
        private final KeyHashShards<ActorRef<MailerMsg>> mailers;
        private final int jobs;
        private int delivered;
        private long t0;
        private long latency = -1;
        private @Nullable CompletableFuture<Long> result;

        MailClient(ActorContext<MailClientMsg> context, KeyHashShards<ActorRef<MailerMsg>> mailers, int jobs) {
            super(context);
            this.mailers = mailers;
            this.jobs = jobs;
        }

        static Behavior<MailClientMsg> create(KeyHashShards<ActorRef<MailerMsg>> mailers, int jobs) {
            return Behaviors.setup(context -> new MailClient(context, mailers, jobs));
        }

        private void maybeDone() {
            if (latency >= 0 && delivered == jobs && result != null) {
                result.complete(latency);
            }
        }

        @Override
        public Receive<MailClientMsg> createReceive() {
            ActorRef<MailClientMsg> self = getContext().getSelf();
            return newReceiveBuilder()
                    .onMessage(MailGo.class, go -> {
                        result = go.latency();
                        delivered = 0;
                        latency = -1;
                        for (int i = 0; i < jobs; i++) {
                            String to = Work.KEYS.get(i % Work.KEYS.size());
                            mailers.route(to).tell(new Deliver(to, self));
                        }
                        t0 = System.nanoTime();
                        mailers.route("urgent").tell(new Urgent("urgent", self));
                        return this;
                    })
                    .onMessage(UrgentDone.class, done -> {
                        latency = System.nanoTime() - t0;
                        maybeDone();
                        return this;
                    })
                    .onMessage(Delivered.class, d -> {
                        delivered++;
                        maybeDone();
                        return this;
                    })
                    .build();
        }
    }

    // ------------------------------------------------------------------ the flood

    sealed interface FloodMsg {}

    record FloodJob() implements FloodMsg {}

    /**
     * Spends {@code workNanos} of computation on each job and counts them in {@code handled}, which the driver reads
     * directly: a question sent through the bounded mailbox could itself be rejected while the mailbox is full.
     */
    static final class FloodServer extends AbstractBehavior<FloodMsg> {
        private final long workNanos;
        private final AtomicLong handled;

        FloodServer(ActorContext<FloodMsg> context, long workNanos, AtomicLong handled) {
            super(context);
            this.workNanos = workNanos;
            this.handled = handled;
        }

        static Behavior<FloodMsg> create(long workNanos, AtomicLong handled) {
            return Behaviors.setup(context -> new FloodServer(context, workNanos, handled));
        }

        @Override
        public Receive<FloodMsg> createReceive() {
            return newReceiveBuilder()
                    .onMessage(FloodJob.class, job -> {
                        Work.spin(workNanos);
                        handled.incrementAndGet();
                        return this;
                    })
                    .build();
        }
    }

    /** Counts the dead letters whose message is a {@link FloodJob}; other dead letters are not the flood's. */
    static Behavior<DeadLetter> countingRejectedJobs(AtomicLong rejected) {
        return Behaviors.receiveMessage(letter -> {
            if (letter.message() instanceof FloodJob) {
                rejected.incrementAndGet();
            }
            return Behaviors.same();
        });
    }
}
