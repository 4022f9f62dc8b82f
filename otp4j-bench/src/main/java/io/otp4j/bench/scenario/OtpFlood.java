package io.otp4j.bench.scenario;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.bench.HeapProbe;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.Node;
import io.otp4j.process.OverflowPolicy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The mailbox flood on otp4j: a sender process casts as fast as it can at a server that spends {@code work} on
 * each message, behind a mailbox bounded with {@link OverflowPolicy#REJECT}. The sender learns of each rejection
 * at once ({@link MailboxFullException}); the server counts what it handles.
 */
final class OtpFlood {

    sealed interface Request<R> extends Call<R> {}

    /** Replies with the messages handled so far. */
    record Handled() implements Request<Long> {}

    /** One message of the flood. */
    record Job() {}

    static final Job JOB = new Job();

    private static final class Server implements GenServer<Long, Request<?>, Job> {
        private final long workNanos;

        Server(Duration work) {
            this.workNanos = work.toNanos();
        }

        @Override
        public Init<Long> init(io.otp4j.process.ProcessContext self) {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Request<?> request, From from, Long handled) {
            return switch (request) {
                case Handled h -> reply(h, handled, handled);
            };
        }

        @Override
        public Result<Long> handleCast(Job job, Long handled) {
            Work.spin(workNanos);
            return noReply(handled + 1);
        }
    }

    private OtpFlood() {}

    /** Floods a fresh server on {@code node} and accounts for every message. */
    static Contender.FloodOutcome run(Node node, int messages, int capacity, Duration work) throws Exception {
        GenServerRef<Request<?>, Job> server = GenServer.start(
                node,
                new Server(work),
                StartOptions.defaults().withMailbox(MailboxConfig.bounded(capacity, OverflowPolicy.REJECT)));
        long before = HeapProbe.usedAfterGc();
        CompletableFuture<long[]> sent = new CompletableFuture<>();
        node.spawn(self -> {
            long accepted = 0;
            long rejected = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                try {
                    server.cast(JOB);
                    accepted++;
                } catch (MailboxFullException e) {
                    rejected++;
                }
            }
            sent.complete(new long[] {accepted, rejected, System.nanoTime() - t0});
        });
        long peak = 0;
        while (!sent.isDone()) {
            peak = Math.max(peak, OtpContender.mailboxLength(node, server.pid()));
            LockSupport.parkNanos(1_000_000);
        }
        long[] counts = sent.get();
        long heapGrowth = liveHeapNow() - before;
        long deadline = System.nanoTime() + OtpContender.BATCH_BOUND.toNanos();
        while (OtpContender.mailboxLength(node, server.pid()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the flooded server did not drain its mailbox");
            }
            LockSupport.parkNanos(1_000_000);
        }
        long handled = server.call(new Handled(), OtpContender.BATCH_BOUND);
        server.stop();
        return new Contender.FloodOutcome(messages, counts[0], counts[1], handled, 0, peak, heapGrowth, counts[2]);
    }

    /** {@return the used heap after one full collection, taken at once (the server keeps draining meanwhile)} */
    static long liveHeapNow() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
