package io.otp4j.genserver;

import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.genserver.spi.Callbacks;
import io.otp4j.genserver.spi.Outcome;
import io.otp4j.genserver.spi.Outcome.Shape;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The generic server's {@link Callbacks}: reads the package's result shapes for the test kit's harness. */
final class CallbackShapes implements Callbacks {

    CallbackShapes() {}

    @Override
    public Outcome outcome(Init<?> init) {
        return switch (Objects.requireNonNull(init, "init")) {
            case Init.Ok<?> ok -> withNext(Shape.INIT_OK, ok.state(), null, null, ok.next());
            case Init.Ignore<?> ignore -> new Outcome(Shape.IGNORE, null, null, null, null, null, false, null);
            case Init.Stop<?> stop -> new Outcome(Shape.INIT_STOP, null, null, stop.reason(), null, null, false, null);
        };
    }

    @Override
    public Outcome outcome(CallResult<?> result) {
        return switch (Objects.requireNonNull(result, "result")) {
            case CallResult.Reply<?> r -> withNext(Shape.REPLY, r.state(), r.value(), null, r.next());
            case CallResult.StopReply<?> r ->
                new Outcome(Shape.STOP_REPLY, r.state(), r.value(), r.reason(), null, null, false, null);
            case Result.NoReply<?> r -> withNext(Shape.NO_REPLY, r.state(), null, null, r.next());
            case Result.Stop<?> r -> new Outcome(Shape.STOP, r.state(), null, r.reason(), null, null, false, null);
        };
    }

    private Outcome withNext(
            Shape shape,
            Object state,
            @Nullable Object reply,
            io.otp4j.process.@Nullable ExitReason reason,
            Next next) {
        Object continueWith = next instanceof Next.Continue c ? c.argument() : null;
        Duration timeout = next instanceof Next.Timeout t ? t.after() : null;
        Outcome.Awaiting awaiting = next instanceof Next.Await a ? awaiting(a) : null;
        return new Outcome(
                shape, state, reply, reason, continueWith, timeout, next == Next.Hibernate.INSTANCE, awaiting);
    }

    private Outcome.Awaiting awaiting(Next.Await await) {
        return new Outcome.Awaiting(
                await.match(), answer -> outcome(await.then().apply(answer)));
    }

    @Override
    public From from(Pid server, Object request, CallAnswer answer) {
        return new From(
                Objects.requireNonNull(request, "request"),
                Objects.requireNonNull(server, "server"),
                Objects.requireNonNull(answer, "answer"));
    }
}
