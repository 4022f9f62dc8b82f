package io.otp4j.spring;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.util.List;

/** A server for the starter's tests: answers its name, crashes when told, and notes when it terminates. */
final class Worker implements GenServer<String, Worker.Name, Worker.Crash> {

    static final ServerType<Name, Crash> TYPE = ServerType.of(Worker.class);

    record Name() implements Call<String> {}

    record Crash() {}

    private final String name;
    private final List<String> stopped;

    Worker(String name, List<String> stopped) {
        this.name = name;
        this.stopped = stopped;
    }

    @Override
    public Init<String> init(ProcessContext self) {
        self.trapExits(true); // so that terminate runs when its supervisor stops it
        return Init.ok(name);
    }

    @Override
    public CallResult<String> handleCall(Name request, From from, String state) {
        return reply(request, state, state);
    }

    @Override
    public Result<String> handleCast(Crash request, String state) {
        throw new IllegalStateException(state + " crashed on purpose");
    }

    @Override
    public Result<String> handleInfo(Object message, String state) {
        return noReply(state);
    }

    @Override
    public void terminate(ExitReason reason, String state) {
        stopped.add(state);
    }
}
