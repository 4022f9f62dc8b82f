package io.otp4j.opentelemetry;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.opentelemetry.api.trace.Span;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * A test server that notes, in each handler, the trace id of the current span and the MDC field {@code request}
 * (empty strings for none), and answers a call with them.
 */
public final class Recorder implements GenServer<Integer, Recorder.Ask, String> {

    /** What a handler saw. */
    public record Seen(String how, String traceId, String request) {}

    /** A call: answered with what the handler saw. */
    public record Ask() implements Call<Seen> {}

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    static Seen now(String how) {
        String traceId = Span.current().getSpanContext().isValid()
                ? Span.current().getSpanContext().getTraceId()
                : "";
        String request = MDC.get("request");
        return new Seen(how, traceId, request == null ? "" : request);
    }

    /** {@return what the next handler saw, waiting up to 10 seconds} */
    Seen next() throws InterruptedException {
        Seen next = seen.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("no handler ran within 10 seconds");
        }
        return next;
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Ask request, From from, Integer n) {
        Seen now = now("call");
        seen.add(now);
        return reply(request, now, n + 1);
    }

    @Override
    public Result<Integer> handleCast(String request, Integer n) {
        seen.add(now("cast"));
        return noReply(n + 1);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer n) {
        seen.add(now("info"));
        return noReply(n + 1);
    }
}
