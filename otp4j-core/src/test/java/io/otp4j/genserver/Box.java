package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static io.otp4j.genserver.Results.stop;

import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Within;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A server for the tests of one topic or another: an integer in a box, and requests that let a test hold a
 * call, block the server, crash it or stop it, and see what it handled and how it ended.
 */
final class Box implements GenServer<Integer, Box.Req<?>, Box.Msg> {

    static final ServerType<Req<?>, Msg> TYPE = ServerType.of(Box.class);

    sealed interface Req<R> extends Call<R> {}

    record Get() implements Req<Integer> {}

    record Hold(String tag) implements Req<String> {} // no reply now: the From goes to held()

    record Block() implements Req<Integer> {} // waits for the gate, then replies

    record Crash(String why) implements Req<Integer> {}

    record Quit(ExitReason reason) implements Req<Integer> {}

    sealed interface Msg {}

    record Add(int n) implements Msg {}

    record CastCrash(String why) implements Msg {}

    /** A call the server left unanswered, for the test to answer. */
    record Held(Hold request, From from) {}

    private final boolean trapExits;
    final AtomicInteger handledCalls = new AtomicInteger();
    final List<Object> handled = new CopyOnWriteArrayList<>();
    final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();
    final CountDownLatch blocking = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);
    final AtomicInteger terminations = new AtomicInteger();
    final CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
    volatile @Nullable RuntimeException terminateThrows;

    Box() {
        this(false);
    }

    Box(boolean trapExits) {
        this.trapExits = trapExits;
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        self.trapExits(trapExits);
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) throws InterruptedException {
        handledCalls.incrementAndGet();
        handled.add(request);
        return switch (request) {
            case Get get -> reply(get, n, n);
            case Hold hold -> {
                held.add(new Held(hold, from));
                yield noReply(n);
            }
            case Block block -> {
                blocking.countDown();
                gate.await();
                yield reply(block, n, n);
            }
            case Crash crash -> throw new IllegalStateException(crash.why());
            case Quit quit -> stop(quit.reason(), n);
        };
    }

    @Override
    public Result<Integer> handleCast(Msg message, Integer n) {
        handled.add(message);
        return switch (message) {
            case Add add -> noReply(n + add.n());
            case CastCrash crash -> throw new IllegalStateException(crash.why());
        };
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer n) {
        handled.add(message);
        return noReply(message instanceof Integer i ? n + i : n);
    }

    @Override
    public void terminate(ExitReason reason, Integer n) {
        terminations.incrementAndGet();
        terminated.complete(reason);
        RuntimeException failure = terminateThrows;
        if (failure != null) {
            throw failure;
        }
    }

    /** {@return the next call the server held} (fails the test if none comes within the wait) */
    Held held() {
        try {
            Held h = held.poll(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (h == null) {
                throw new AssertionError("the server held no call");
            }
            return h;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return the calls the server held so far, in order, taking them} */
    List<Held> drainHeld() {
        List<Held> all = new ArrayList<>();
        held.drainTo(all);
        return all;
    }
}
