package io.otp4j.persistence.internal;

import io.otp4j.persistence.DurableWrite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Group commit: one thread owns the store's write connection; callers hand it work and wait. It takes whatever
 * work has arrived (up to a batch's size), runs it all in one transaction and commits once, so writes that
 * arrive in the same instant share one durable flush. Each caller waits for the commit of its own batch. When more
 * than a batch has queued, the committer takes up to {@link #GROUP_BATCHES} batches' worth at once, puts it in the
 * order of the identities written ({@link #KEY_ORDER}) and commits it a batch at a time, before it looks at the
 * queue again.
 *
 * <p>Where the database bounds its own waits, a lone writer may commit on its own thread ({@code loneWritersInline}):
 * when the last batch held one piece of work or none, nothing is queued and no batch is running, the caller runs
 * its piece as a batch of one, saving the hand-off to the committer and the wake-up back. Writers that arrive
 * meanwhile queue, and the committer's thread takes them as one batch once that commit is done, so that concurrent
 * writers still share flushes. Such a caller is not failed by its timeout while its own commit runs: the
 * database's own bounds apply (SQLite's busy timeout), which is why a store whose database is across a network
 * leaves it off.
 *
 * <p>A piece of work that refuses (throws a {@link RuntimeException}) must have changed nothing: it fails alone
 * and the rest of the batch commits. If the database fails (an {@link SQLException}), the batch is rolled back and
 * each piece is run again in a transaction of its own, so that one bad write cannot fail its neighbours.
 *
 * <p>A connection that is lost (the database server restarted, a proxy dropped it, the network failed) is opened
 * again ({@link Link}). A batch that lost it before its commit was sent did not commit, so it
 * runs once more on the new connection, and its callers see nothing. A batch that lost it while committing may or
 * may not have committed: its callers get the store's error saying so, and a durable server that gets it crashes and
 * reads what is stored when it starts again. A batch that was one statement, committed as it ended ({@link
 * SqlWrites#insertAlone}, {@link SqlWrites#snapshotsAlone}), is looked for on the new connection instead: found, its
 * callers are told it committed; not found, it runs once more. While the connection cannot be opened, each batch
 * tries once and its callers get the error.
 */
public final class GroupCommitter implements AutoCloseable {

    /**
     * Work run on the write connection, inside the batch's transaction.
     *
     * @param <T> its result
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * {@return the result}
         *
         * @param statements the write connection's prepared statements, kept from one batch to the next
         * @throws SQLException to fail the batch (it is then retried piece by piece)
         */
        T run(StatementCache statements) throws SQLException;
    }

    /**
     * Queued work: a durable write (run with the writes next to it), or other work, run alone; by {@code deadline}
     * ({@link System#nanoTime}) its caller gets {@code late}'s error if the commit has not come.
     */
    private record Item<T>(
            @Nullable Work<T> work,
            boolean leavesRecords,
            @Nullable DurableWrite write,
            Outcome<T> done,
            long deadline,
            Duration timeout,
            Function<String, RuntimeException> late) {

        static <T> Item<T> of(
                @Nullable Work<T> work,
                boolean leavesRecords,
                @Nullable DurableWrite write,
                Duration timeout,
                Function<String, RuntimeException> late,
                Outcome<T> done) {
            return new Item<>(work, leavesRecords, write, done, System.nanoTime() + timeout.toNanos(), timeout, late);
        }
    }

    /**
     * A queued item's outcome: its result or its error, set once, by the committer's thread, the teller, the watch or
     * the caller itself. A caller that waits parks for it directly ({@link Waited}): a {@code CompletableFuture}'s
     * wait cost a waiter node, a compare-and-set and five more frames on the stack that every commit's park copies. A
     * caller that does not wait is told ({@link Told}).
     *
     * @param <T> the result
     */
    private abstract static sealed class Outcome<T> permits Waited, Told {
        private static final Object PENDING = new Object();
        private static final VarHandle VALUE;

        static {
            try {
                VALUE = MethodHandles.lookup().findVarHandle(Outcome.class, "value", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The error an item failed with, as its outcome. */
        private record Failed(RuntimeException error) {}

        /** {@link #PENDING}, the result (which may be null), or a {@link Failed}. */
        @SuppressWarnings("unused") // through VALUE
        private volatile @Nullable Object value = PENDING;

        /** Sets the result, unless an outcome is set already, and lets the caller know. */
        final void complete(T result) {
            set(result);
        }

        /** Sets the error, unless an outcome is set already, and lets the caller know. */
        final void completeExceptionally(RuntimeException error) {
            set(new Failed(error));
        }

        private void set(@Nullable Object outcome) {
            if (VALUE.compareAndSet(this, PENDING, outcome)) {
                tell(outcome instanceof Failed failed ? failed.error() : null);
            }
        }

        /** Lets the caller know that the outcome is set: {@code error} if it failed, null if not. */
        abstract void tell(@Nullable RuntimeException error);

        final boolean isDone() {
            return value != PENDING;
        }

        /** {@return the outcome set: {@link #PENDING} until then} */
        final @Nullable Object value() {
            return value;
        }
    }

    /** The outcome of an item whose caller waits for it on its own thread. */
    private static final class Waited<T> extends Outcome<T> {
        private final Thread waiter = Thread.currentThread();

        @Override
        void tell(@Nullable RuntimeException error) {
            LockSupport.unpark(waiter);
        }

        /**
         * {@return the result, once set} The caller's thread only.
         *
         * @throws RuntimeException the error set
         * @throws InterruptedException if the caller is interrupted first
         */
        @SuppressWarnings({"unchecked", "NullAway"}) // null where the work's result type allows, as set
        T get() throws InterruptedException {
            Object outcome;
            while ((outcome = value()) == Outcome.PENDING) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                LockSupport.park(this);
            }
            if (outcome instanceof Outcome.Failed failed) {
                throw failed.error();
            }
            return (T) outcome;
        }
    }

    /** The outcome of a write whose caller does not wait: a listener is told, on the thread that sets it. */
    private static final class Told extends Outcome<Object> {
        /** It must not block. */
        private final Consumer<@Nullable RuntimeException> whenDone;

        Told(Consumer<@Nullable RuntimeException> whenDone) {
            this.whenDone = whenDone;
        }

        @Override
        void tell(@Nullable RuntimeException error) {
            try {
                whenDone.accept(error);
            } catch (RuntimeException e) {
                // A listener that fails must not keep the rest of its batch from being told: reported, not thrown.
                Thread self = Thread.currentThread();
                self.getUncaughtExceptionHandler().uncaughtException(self, e);
            }
        }
    }

    private static final Duration IDLE_POLL = Duration.ofMillis(200);
    private static final Duration LINGER_GAP = Duration.ofNanos(50_000);
    private static final Duration MAX_LINGER = Duration.ofMillis(2);
    /** How often the watch looks for callers whose commit is late: a timeout fires this much late at most. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(250);

    private final String name;
    /** The write connection and its statements, opened again when lost. Used holding {@link #running}. */
    private final Link link;
    /** Whether the write connection was lost and must be opened again before the next batch. */
    private boolean lost;

    private final int maxBatch;
    private final Function<SQLException, RuntimeException> failure;
    private final LinkedBlockingQueue<Item<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Thread watch;
    /**
     * The teller: a virtual thread that tells the callers of the batches the committer's thread hands it that they
     * committed (see {@link Run#tellAll}), in the order committed, until it takes {@link #TOLD_ALL}.
     */
    private final Thread teller;
    /** Committed batches whose callers are yet to be told, for the teller. */
    private final LinkedBlockingQueue<Runnable> committed = new LinkedBlockingQueue<>();
    /** Ends the teller, once the committer's thread has ended. */
    private static final Runnable TOLD_ALL = () -> {};
    /** The batch being committed, for the watch; empty between batches. */
    private volatile List<Item<?>> inFlight = List.of();

    /**
     * The most batches' worth of work the committer takes from the queue at once, to commit in the order of its
     * identities ({@link #KEY_ORDER}).
     */
    private static final int GROUP_BATCHES = 16;

    /**
     * Work taken from the queue in a group larger than a batch and put in key order, not yet run: the next batches
     * take it before the queue. The committer's thread only.
     */
    private final ArrayDeque<Item<?>> backlog = new ArrayDeque<>();

    /** The work of {@link #backlog} when its group was taken, for the watch; empty while there is none. */
    private volatile List<Item<?>> backlogged = List.of();

    private final AtomicLong flushes = new AtomicLong();
    private volatile boolean closed;
    /**
     * Held while a batch runs on the connection: by the committer's thread, or by a lone writer that commits on its
     * own thread (see {@link #await}).
     */
    private final ReentrantLock running = new ReentrantLock();

    private final boolean loneWritersInline;

    /** What the committer knows of the identities it wrote, or null to guard every write. */
    private final @Nullable Fences fences;

    /** Whether a batch's work runs as it is taken, while the committer lingers (see {@link Run}). */
    private final boolean eager;

    /** The size of the last batch the committer's thread took: 1 or less while writers come one at a time. */
    private volatile int lastBatch;

    /** The id of the thread that last came to write (see {@link #alone}). */
    private volatile long lastWriter = -1;

    /**
     * Commits in a row by lone writers on their own threads: counted holding {@link #running}, read and reset by
     * {@link #alone} without it. A stale read only moves a hand-over by a write.
     */
    private int aloneRun;

    /**
     * After this many commits in a row on a lone writer's own thread, its next write goes to the committer, so that
     * the writer parks. While it commits on its own thread it holds its carrier; with one carrier, threads that
     * became runnable meanwhile run only once it parks. ({@code Thread.yield} did not let them: the yielding
     * thread ran again first.)
     */
    private static final int HAND_OVER_EVERY = 16;

    /**
     * Callers the committer's thread tells once it has let the connection go, after each batch: those of batches of
     * one ({@link Run#tellAll}). The committer's thread only.
     */
    private final List<Runnable> tellOnceFree = new ArrayList<>(1);

    /** The sizes of the committer's last batches, for {@link #linger}; the committer's thread only. */
    private final RecentBatches recentBatches = new RecentBatches();

    /** How long the committer's last commit took; read and written by the committer's thread only. */
    private long lastCommitNanos;

    /**
     * Starts the committer's thread.
     *
     * @param name the store's name, for errors
     * @param threads the name its threads carry (the store's name, told apart when a store has several committers)
     * @param link the write connection, owned from now on by the committer (closed on {@link #close})
     * @param maxBatch the most pieces of work in one transaction
     * @param failure turns a database error into the error callers get
     * @param loneWritersInline whether a lone writer commits on its own thread, bounded by the database's own
     *     timeouts rather than by its caller's
     * @param fences what the committer may learn of the identities it writes, or {@code null} to guard every write
     * @param eager whether a batch's work runs as the committer takes it, while it lingers for the rest: for a
     *     database in the same process, where a statement costs no round trip
     */
    public GroupCommitter(
            String name,
            String threads,
            Link link,
            int maxBatch,
            Function<SQLException, RuntimeException> failure,
            boolean loneWritersInline,
            @Nullable Fences fences,
            boolean eager)
            throws SQLException {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one write, not " + maxBatch);
        }
        this.name = name;
        this.link = link;
        this.maxBatch = maxBatch;
        this.failure = failure;
        this.loneWritersInline = loneWritersInline;
        this.fences = fences;
        this.eager = eager;
        this.teller = Thread.ofVirtual().name("otp4j-committed-" + threads).start(this::tell);
        this.thread = Thread.ofPlatform()
                .name("otp4j-committer-" + threads)
                .daemon(true)
                .start(this::loop);
        this.watch = Thread.ofPlatform()
                .name("otp4j-committer-watch-" + threads)
                .daemon(true)
                .start(this::watch);
    }

    /**
     * Runs {@code work} in the next batch and waits for that batch's commit.
     *
     * @throws RuntimeException what the work threw, the store's error for a failed commit, or {@code closedError}'s
     *     error if the committer is closed or did not commit within {@code timeout}
     */
    public <T> T submit(Work<T> work, Duration timeout, Function<String, RuntimeException> closedError) {
        return await(work, false, null, timeout, closedError);
    }

    /**
     * Runs {@code work} as {@link #submit} does; the work changes no identity's incarnation or version (it queues
     * a cast, say), so what the committer knows of them stays.
     */
    public <T> T submitLeavingRecords(Work<T> work, Duration timeout, Function<String, RuntimeException> closedError) {
        return await(work, true, null, timeout, closedError);
    }

    /**
     * Stores {@code write} in the next batch, with the writes next to it in one JDBC batch per statement, and waits
     * for that batch's commit.
     *
     * @throws RuntimeException the write's refusal ({@link io.otp4j.persistence.StaleWriteException}), the store's
     *     error for a failed commit, or {@code closedError}'s error if the committer is closed or too slow
     */
    public void write(DurableWrite write, Duration timeout, Function<String, RuntimeException> closedError) {
        await(null, false, write, timeout, closedError);
    }

    /**
     * Stores {@code write} as {@link #write} does, but returns at once: {@code whenDone} is told the outcome, null once
     * the write is durable or the error its caller would have got, on whichever thread sets it (the committer's, the
     * teller, the watch, or the calling thread when a lone writer commits on it). It must not block.
     */
    public void writeThen(
            DurableWrite write,
            Duration timeout,
            Function<String, RuntimeException> closedError,
            Consumer<@Nullable RuntimeException> whenDone) {
        enqueue(Item.of(null, false, write, timeout, closedError, new Told(whenDone)));
    }

    /**
     * Queues an item of {@code work} or a {@code write} and waits for its outcome. The wait has no timer of its own (a timed park costs a virtual
     * thread a timer task each time); the watch completes a late item with its error instead.
     */
    private <T> T await(
            @Nullable Work<T> work,
            boolean leavesRecords,
            @Nullable DurableWrite write,
            Duration timeout,
            Function<String, RuntimeException> closedError) {
        Waited<T> done = new Waited<>();
        enqueue(Item.of(work, leavesRecords, write, timeout, closedError, done));
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw closedError.apply("interrupted while waiting for the store " + name + " to commit");
        }
    }

    /**
     * Commits {@code item} on this thread if it is a lone writer's, or else queues it for the committer; fails it at
     * once if the committer is closed.
     */
    private void enqueue(Item<?> item) {
        Function<String, RuntimeException> closedError = item.late();
        Outcome<?> done = item.done();
        if (closed) {
            done.completeExceptionally(closedError.apply("the store " + name + " is closed"));
            return;
        }
        if (loneWritersInline && alone() && running.tryLock()) {
            // A lone writer, the committer idle: commit on this thread, saving the two hand-offs to the committer
            // and back. A writer that arrives meanwhile queues as usual, and its batch follows this commit.
            try {
                if (!closed) {
                    commit(List.of(item));
                    aloneRun++;
                }
            } finally {
                running.unlock();
            }
        }
        if (!done.isDone()) {
            queue.add(item);
        }
        if (closed && queue.remove(item)) {
            // Closed while adding, and the loop may have drained for the last time: the work never ran.
            done.completeExceptionally(closedError.apply("the store " + name + " is closed"));
        }
    }

    /**
     * {@return whether this writer may commit on its own thread} It must be alone: the committer's last batch held
     * one write or none, nothing is queued, and the thread that last came to write is this one. (With one carrier,
     * others cannot queue while a lone writer commits, so an empty queue alone does not show that it is alone.)
     * Notes this thread as the last to come; after {@link #HAND_OVER_EVERY} commits in a row on writers' own
     * threads, says no once.
     */
    private boolean alone() {
        long writer = Thread.currentThread().threadId();
        boolean again = lastWriter == writer;
        if (!again) {
            lastWriter = writer;
        }
        if (!again || lastBatch > 1 || !queue.isEmpty() || aloneRun >= HAND_OVER_EVERY) {
            if (aloneRun != 0) {
                aloneRun = 0; // the run ends: this write goes to the committer
            }
            return false;
        }
        return true;
    }

    private void loop() {
        List<Item<?>> batch = new ArrayList<>(maxBatch);
        while (!closed || !queue.isEmpty() || !backlog.isEmpty()) {
            try {
                Item<?> first = backlog.isEmpty() ? queue.poll(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS) : null;
                if (first == null && backlog.isEmpty()) {
                    continue;
                }
                // Taken after the connection is free: what queued behind a lone writer's commit joins this batch.
                running.lock();
                try {
                    boolean grouped;
                    if (first != null) {
                        grouped = take(first, batch);
                    } else {
                        grouped = true;
                        for (int i = 0; i < maxBatch && !backlog.isEmpty(); i++) {
                            batch.add(backlog.removeFirst());
                        }
                    }
                    if (backlog.isEmpty()) {
                        backlogged = List.of();
                    }
                    if (!open(batch)) {
                        continue;
                    }
                    Run run = new Run(eager, true);
                    inFlight = List.copyOf(batch);
                    run.add(batch);
                    if (lastBatch > 1 && !grouped) {
                        try {
                            linger(run, batch);
                        } catch (InterruptedException e) {
                            run.abandon();
                            throw e;
                        }
                    }
                    long started = System.nanoTime();
                    run.finish();
                    lastCommitNanos = System.nanoTime() - started;
                } finally {
                    running.unlock();
                }
                inFlight = List.of();
                lastBatch = batch.size();
                recentBatches.add(batch.size());
            } catch (InterruptedException e) {
                // Taken from the queue but not committed: its callers are told, not left waiting.
                batch.addAll(backlog);
                backlog.clear();
                for (Item<?> item : batch) {
                    item.done()
                            .completeExceptionally(failure.apply(
                                    new SQLException("the committer of the store " + name + " was interrupted")));
                }
                Thread.currentThread().interrupt();
                break;
            } finally {
                tellWaiting(); // after the batch's bookkeeping, and whatever ended it
                batch.clear();
            }
        }
        Item<?> left;
        while ((left = queue.poll()) != null) {
            left.done().completeExceptionally(failure.apply(new SQLException("the store " + name + " is closed")));
        }
    }

    /** Tells the callers in {@link #tellOnceFree}: on the committer's thread, once it has let the connection go. */
    private void tellWaiting() {
        for (Runnable tell : tellOnceFree) {
            tell.run();
        }
        tellOnceFree.clear();
    }

    /**
     * Takes {@code first} and what has queued behind it into {@code batch}. Up to {@link #GROUP_BATCHES} batches'
     * worth is taken; if that is more than one batch, it is put in key order ({@link #KEY_ORDER}), the first batch
     * of it stays in {@code batch} and the rest goes to the {@link #backlog}, for the batches that follow.
     *
     * @return whether more than a batch was taken (the batch is then not to linger for more)
     */
    private boolean take(Item<?> first, List<Item<?>> batch) {
        batch.add(first);
        queue.drainTo(batch, maxBatch * GROUP_BATCHES - 1);
        if (batch.size() <= maxBatch) {
            return false;
        }
        batch.sort(KEY_ORDER);
        List<Item<?>> rest = batch.subList(maxBatch, batch.size());
        backlog.addAll(rest);
        backlogged = List.copyOf(rest);
        rest.clear();
        return true;
    }

    /**
     * The order a group of work is committed in: writes by identity, other work first, each kind in the order it
     * came. A database's index of events is ordered by identity, and every page a transaction changes is written at
     * its commit: a batch of writes to identities near one another changes fewer pages than one of identities taken
     * as they came. (A plain insert of 10,000 identities' rows into SQLite, in batches of 512, went about twice as
     * fast in key order as in a random one.) The work of a group all queued before any of it committed, none waiting
     * for another, so any order of it is one its callers could have seen.
     */
    private static final Comparator<Item<?>> KEY_ORDER = (a, b) -> {
        DurableWrite x = a.write();
        DurableWrite y = b.write();
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : -1) : 1;
        }
        return x.identity().compareTo(y.identity());
    };

    /**
     * Waits a little for more work while it keeps arriving: writers that answer the same burst of messages reach
     * the committer a few microseconds apart, and a batch taken the moment the first arrives would leave the rest
     * for another flush. Runs only while others write too (the last batch held more than one piece), never past
     * half a commit's time, and stops at the first gap of {@link #LINGER_GAP} or once the batch is as large as the
     * largest of the last few ({@link RecentBatches}): a steady population of writers has all arrived then, and
     * waiting out the gap would only delay them. A growing population still grows the batches, as whatever queued
     * meanwhile joins the next one.
     */
    private void linger(Run run, List<Item<?>> batch) throws InterruptedException {
        long deadline = System.nanoTime() + Math.min(lastCommitNanos / 2, MAX_LINGER.toNanos());
        int enough = Math.min(maxBatch, recentBatches.largest());
        while (batch.size() < enough && System.nanoTime() < deadline) {
            Item<?> next = queue.poll(LINGER_GAP.toNanos(), TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            int from = batch.size();
            batch.add(next);
            queue.drainTo(batch, maxBatch - batch.size());
            inFlight = List.copyOf(batch);
            run.add(batch.subList(from, batch.size()));
        }
    }

    /** The teller's loop: tells each committed batch's callers, until {@link #TOLD_ALL}. */
    private void tell() {
        for (; ; ) {
            Runnable batch;
            try {
                batch = committed.take();
            } catch (InterruptedException e) {
                continue; // only close() ends the teller, after every batch handed to it
            }
            if (batch == TOLD_ALL) {
                return;
            }
            batch.run();
        }
    }

    /** Fails the callers whose commit is later than their timeout, queued or in the batch being committed. */
    private void watch() {
        while (!closed || thread.isAlive()) {
            try {
                thread.join(WATCH_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Item<?> item : queue) {
                failIfLate(item, now);
            }
            for (Item<?> item : inFlight) {
                failIfLate(item, now);
            }
            for (Item<?> item : backlogged) {
                failIfLate(item, now);
            }
        }
    }

    private void failIfLate(Item<?> item, long now) {
        if (now - item.deadline() > 0 && !item.done().isDone()) {
            item.done()
                    .completeExceptionally(
                            item.late().apply("the store " + name + " did not commit within " + item.timeout()));
        }
    }

    /** Runs {@code batch} in one transaction of its own and commits it. */
    private void commit(List<Item<?>> batch) {
        commit(batch, true);
    }

    private void commit(List<Item<?>> batch, boolean retry) {
        if (!open(batch)) {
            return;
        }
        Run run = new Run(false, retry);
        run.add(batch);
        run.finish();
    }

    /**
     * Makes sure the write connection is open before {@code batch} runs, opening it again if it was lost.
     *
     * @return whether it is; if not, the batch's callers have been failed with the reason
     */
    private boolean open(List<Item<?>> batch) {
        if (!lost) {
            return true;
        }
        SQLException failed = reopen();
        if (failed == null) {
            return true;
        }
        failAll(batch, failed);
        return false;
    }

    private void failAll(List<Item<?>> batch, SQLException cause) {
        for (Item<?> item : batch) {
            item.done().completeExceptionally(failure.apply(cause));
        }
    }

    /** {@return whether {@code failure} lost the write connection} It is then to be opened again. */
    private boolean lostBy(SQLException failure) {
        boolean gone = link.lostBy(failure);
        lost |= gone;
        return gone;
    }

    /**
     * Opens the write connection again; the old one is closed, and what the committer knew of the identities it
     * wrote is forgotten (a transaction lost while committing may or may not have moved them).
     *
     * @return null if it is open, or why it could not be opened (it stays lost, and the next batch tries again)
     */
    private @Nullable SQLException reopen() {
        if (fences != null) {
            fences.newConnection();
        }
        SQLException failed = link.reopen();
        lost = failed != null;
        return failed;
    }

    /**
     * One transaction: the work added to it, the results and refusals, and the database's failure if there was
     * one. An eager run (on SQLite) runs each piece of work as it is added, so that while the committer lingers for
     * the rest of a burst, the statements of the writers that have arrived run already; the commit then waits only
     * for the last ones. Otherwise the work runs as {@link #finish} begins. Either way the batch commits or fails as
     * one, after the database error each piece runs again in a transaction of its own, and the callers hear of the
     * outcome only after the commit.
     */
    private final class Run {
        private final boolean eager;
        /** Whether a batch that loses its connection before its commit runs again on a new one. */
        private final boolean retry;

        private final List<Item<?>> items = new ArrayList<>();
        private final List<@Nullable Object> results = new ArrayList<>();
        private final List<@Nullable RuntimeException> refusals = new ArrayList<>();
        /** How many of the items have run (or been passed over after a failure). */
        private int ran;

        private @Nullable SQLException failed;

        Run(boolean eager, boolean retry) {
            this.eager = eager;
            this.retry = retry;
        }

        private void failAll(SQLException cause) {
            GroupCommitter.this.failAll(items, cause);
        }

        void add(List<Item<?>> more) {
            for (Item<?> item : more) {
                items.add(item);
                results.add(null);
                refusals.add(null);
            }
            if (eager) {
                runPending();
            }
        }

        /** Runs the items added since the last call, in order; after a database error, none runs any more. */
        private void runPending() {
            int i = ran;
            ran = items.size();
            if (failed != null) {
                return;
            }
            try {
                if (i == 0 && fences != null) {
                    // Before anything else in the transaction. A run that is not eager (PostgreSQL) has all its
                    // items by now, so it knows whether it holds claims.
                    fences.begin(
                            link.statements(),
                            items.stream().anyMatch(item -> item.work() != null && !item.leavesRecords()));
                }
                while (i < items.size()) {
                    Work<?> work = items.get(i).work();
                    if (work == null) {
                        // A run of writes: one JDBC batch per statement for all of them.
                        List<DurableWrite> writes = new ArrayList<>();
                        for (int j = i; j < items.size() && items.get(j).write() != null; j++) {
                            writes.add(Objects.requireNonNull(items.get(j).write()));
                        }
                        List<@Nullable RuntimeException> refused =
                                SqlWrites.writeAll(link.statements(), writes, fences);
                        for (int k = 0; k < writes.size(); k++) {
                            results.set(i + k, Boolean.TRUE);
                            refusals.set(i + k, refused.get(k));
                        }
                        i += writes.size();
                    } else {
                        if (fences != null && !items.get(i).leavesRecords()) {
                            fences.forget(); // a claim moves an incarnation: the writes after it are guarded
                        }
                        try {
                            results.set(i, work.run(link.statements()));
                        } catch (RuntimeException refused) {
                            refusals.set(i, refused);
                        }
                        i++;
                    }
                }
            } catch (SQLException e) {
                failed = e;
            }
        }

        /**
         * {@return the writes of a batch that one statement can store alone, or null} Only for a run that has run
         * nothing yet and holds writes alone: of events known to pass their fences ({@link SqlWrites#insertAlone}),
         * or of snapshots alone ({@link SqlWrites#snapshotsAlone}).
         */
        private @Nullable Alone alone() {
            if (eager || ran > 0 || fences == null) {
                return null;
            }
            List<DurableWrite> writes = new ArrayList<>(items.size());
            for (Item<?> item : items) {
                DurableWrite write = item.write();
                if (write == null) {
                    return null;
                }
                writes.add(write);
            }
            if (SqlWrites.insertAlone(writes, fences)) {
                return new Alone(writes, false);
            }
            return SqlWrites.snapshotsAlone(writes, fences.dialect()) ? new Alone(writes, true) : null;
        }

        /** Runs {@code alone}'s one statement with auto-commit on: its transaction commits as it ends. */
        private void runAlone(Alone alone, Fences known) throws SQLException {
            if (alone.snapshots()) {
                link.autoCommitted(() -> {
                    List<@Nullable RuntimeException> refused =
                            SqlWrites.moveSnapshots(link.statements(), alone.writes(), known);
                    for (int i = 0; i < refused.size(); i++) {
                        refusals.set(i, refused.get(i));
                    }
                });
            } else {
                link.autoCommitted(() -> SqlWrites.insertKnown(link.statements(), alone.writes(), known));
            }
        }

        /** Runs what has not run, commits, and tells every item's caller; after a database error, see above. */
        void finish() {
            Alone alone = alone();
            long claims = fences == null ? -1 : fences.claimsSeen();
            boolean committing = false;
            if (alone != null) {
                // One statement with auto-commit on: its transaction commits as it ends, saving the commit's round
                // trip.
                ran = items.size();
                Collections.fill(results, Boolean.TRUE);
                committing = true;
                Fences known = Objects.requireNonNull(fences);
                try {
                    runAlone(alone, known);
                    known.committedAlone();
                    flushes.incrementAndGet();
                } catch (SQLException e) {
                    failed = e;
                }
            } else {
                runPending();
            }
            if (failed == null && alone == null) {
                try {
                    if (fences != null) {
                        fences.beforeCommit(link.statements());
                    }
                    committing = true;
                    link.connection().commit();
                    flushes.incrementAndGet();
                } catch (SQLException e) {
                    failed = e;
                }
            }
            SQLException e = failed;
            if (e == null) {
                tellAll();
                return;
            }
            rollback();
            if (lostBy(e)) {
                SQLException reopening = reopen();
                SqlWrites.Inserted stored = alone != null && reopening == null
                        ? insertedAlready(alone, claims)
                        : SqlWrites.Inserted.NOT_KNOWN;
                if (stored == SqlWrites.Inserted.ALL) {
                    flushes.incrementAndGet();
                    completeAll();
                } else if (committing && stored == SqlWrites.Inserted.NOT_KNOWN) {
                    failAll(new SQLException(
                            "the connection was lost while committing, so whether these writes are stored is not known"
                                    + " until they are read again: " + e
                                    + (reopening == null ? "" : "; " + reopening.getMessage()),
                            e.getSQLState(),
                            e));
                } else if (reopening != null) {
                    failAll(reopening);
                } else if (retry) {
                    commit(items, false); // did not commit: once more, on the new connection
                } else {
                    failAll(e); // lost again on the connection opened for this batch
                }
                return;
            }
            if (fences != null && fences.rerunAfter(e)) {
                // Plain inserts relied on what was known, and another connection may have written meanwhile:
                // run the batch again with nothing known, every write guarded, before failing anyone.
                commit(items);
            } else if (items.size() == 1) {
                items.getFirst().done().completeExceptionally(failure.apply(e));
            } else {
                for (Item<?> item : items) {
                    commit(List.of(item));
                }
            }
        }

        /**
         * Tells every item's caller that the batch committed. The committer's thread hands a batch of several to the
         * teller and goes on to the next batch at once: waking hundreds of parked writers one by one took an eighth
         * of its time, during which the database waited for the next statement. The wake-ups then overlap that
         * statement. A batch committed on its writer's own thread is told at once. A batch of one on the
         * committer's thread is told by that thread too (the hand-off costs as much as one wake-up), but once it has
         * let the connection go: a lone writer told while the connection was still held came back, found it held,
         * and handed its next write over rather than commit it on its own thread (one write in ten to twenty, with
         * one server on two carriers).
         */
        private void tellAll() {
            if (Thread.currentThread() != thread) {
                completeAll();
            } else if (items.size() > 1) {
                committed.add(this::completeAll);
            } else {
                tellOnceFree.add(this::completeAll);
            }
        }

        private void completeAll() {
            for (int i = 0; i < items.size(); i++) {
                complete(items.get(i), results.get(i), refusals.get(i));
            }
        }

        /**
         * Finds out on the new connection whether the lone statement of {@code alone} committed before its connection
         * was lost ({@link SqlWrites#insertedAlready}, {@link SqlWrites#movedAlready}).
         *
         * @return whether it did, or not known if that cannot be told or the connection was lost again
         */
        private SqlWrites.Inserted insertedAlready(Alone alone, long claims) {
            try {
                return alone.snapshots()
                        ? SqlWrites.movedAlready(link.statements(), alone.writes())
                        : SqlWrites.insertedAlready(link.statements(), alone.writes(), claims);
            } catch (SQLException e) {
                lostBy(e);
                return SqlWrites.Inserted.NOT_KNOWN;
            } finally {
                rollback();
            }
        }

        /** Gives the transaction up without telling anyone: the caller fails the items itself. */
        void abandon() {
            rollback();
            if (fences != null) {
                fences.rolledBack();
            }
        }
    }

    /** The writes of a batch that one statement stores alone: of snapshots alone, or of events known to pass. */
    private record Alone(List<DurableWrite> writes, boolean snapshots) {}

    @SuppressWarnings({"unchecked", "NullAway"}) // a work's result is null where its type allows
    private static <T> void complete(Item<T> item, @Nullable Object result, @Nullable RuntimeException refused) {
        if (refused != null) {
            item.done().completeExceptionally(refused);
        } else {
            item.done().complete((T) result);
        }
    }

    private void rollback() {
        link.rollbackQuietly(); // if lost, the failure that led here says so, and the batch's end opens it again
    }

    /** {@return how many pieces of work wait in the queue now} (for tests) */
    int queued() {
        return queue.size();
    }

    /** {@return the transactions committed so far: each is one durable flush} */
    public long flushes() {
        return flushes.get();
    }

    /** Stops taking work, commits what was queued, and closes the connection. */
    @Override
    public void close() {
        closed = true;
        try {
            if (thread.join(Duration.ofSeconds(30))) {
                // Nothing more is handed to the teller; a committer still stuck in a commit keeps it, to tell that
                // commit's callers once it ends.
                committed.add(TOLD_ALL);
                teller.join(Duration.ofSeconds(30));
            }
            watch.interrupt();
            watch.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running.lock(); // a lone writer's commit on its own thread ends first
        try {
            link.close();
        } finally {
            running.unlock();
        }
    }
}
