package io.otp4j.supervisor;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.util.function.Supplier;

/**
 * A test worker: records its start ({@code "start id"}) and its terminate ({@code "stop id"}); traps exits, so a
 * supervisor's {@code shutdown} runs its terminate, as a GenServer child's would in OTP.
 */
final class Worker implements GenServer<String, Worker.Request<?>, NoCast> {

    static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Worker.class);

    sealed interface Request<R> extends Call<R> {}

    /** Replies with the worker's id. */
    record Ping() implements Request<String> {}

    /** Crashes the worker. */
    record Crash() implements Request<String> {}

    /** Makes the worker stop with a reason of the caller's choice. */
    record StopWith(ExitReason reason) implements Request<String> {}

    private final String id;
    private final Events events;

    Worker(String id, Events events) {
        this.id = id;
        this.events = events;
    }

    /** {@return a GenServer child spec for a worker} */
    static ChildSpec spec(String id, Events events) {
        return ChildSpec.worker(id, supplier(id, events));
    }

    static Supplier<Worker> supplier(String id, Events events) {
        return () -> new Worker(id, events);
    }

    @Override
    public Init<String> init(ProcessContext self) {
        self.trapExits(true);
        events.add("start " + id);
        return Init.ok(id);
    }

    @Override
    public CallResult<String> handleCall(Request<?> request, From from, String state) {
        return switch (request) {
            case Ping ping -> reply(ping, id, state);
            case Crash crash -> throw new IllegalStateException("worker " + id + " crashes on purpose");
            case StopWith stop -> io.otp4j.genserver.Results.stopReply(stop.reason(), stop, "stopping", state);
        };
    }

    @Override
    public void terminate(ExitReason reason, String state) {
        events.add("stop " + id);
    }
}
