package io.otp4j.registry;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.stream.Stream;

/** A chat session: remembers what was said in it. The server of the registry's via-name tests and example. */
final class Session implements GenServer<List<String>, Session.Request<?>, Session.Message> {

    /** What lookups check that a process runs. */
    static final ServerType<Request<?>, Message> TYPE = ServerType.of(Session.class);

    sealed interface Request<R> extends Call<R> {}

    /** What was said, oldest first. */
    record History() implements Request<List<String>> {}

    sealed interface Message {}

    record Say(String text) implements Message {}

    @Override
    public Init<List<String>> init(ProcessContext self) {
        return Init.ok(List.of());
    }

    @Override
    public CallResult<List<String>> handleCall(Request<?> request, From from, List<String> said) {
        return switch (request) {
            case History history -> reply(history, said, said);
        };
    }

    @Override
    public Result<List<String>> handleCast(Message message, List<String> said) {
        return switch (message) {
            case Say say ->
                noReply(Stream.concat(said.stream(), Stream.of(say.text())).toList());
        };
    }
}
