package io.otp4j.agent;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * State behind a process, read and changed with functions (Elixir's {@code Agent}). A thin client over a
 * private {@link GenServer}: the functions run inside the agent's process, one at a time, so every change is
 * atomic with respect to every other.
 *
 * {@snippet class="io.otp4j.agent.AgentTest" region="example"}
 *
 * <p>The functions run on the agent's thread: keep them short, and do not call the agent from inside one (it
 * would wait for itself). The state should be immutable, since {@code get} hands out what the function
 * returns.
 *
 * @param <S> the state
 */
public final class Agent<S> {

    /**
     * What a {@link #getAndUpdate} function returns: the value to hand back and the new state.
     *
     * @param <R> the type of the value for the caller
     * @param <S> the agent's state
     * @param reply the value for the caller; not null
     * @param state the agent's new state; not null
     */
    public record Update<R, S>(R reply, S state) {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Update {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(state, "state");
        }
    }

    sealed interface Request<R> extends Call<R> {}

    record Get<S, R>(Function<S, R> function) implements Request<R> {}

    record GetAndUpdate<S, R>(Function<S, Update<R, S>> function) implements Request<R> {}

    record Change<S>(UnaryOperator<S> function) implements Request<Boolean> {}

    record Cast<S>(UnaryOperator<S> function) {}

    private static final class Server<S> implements GenServer<S, Request<?>, Cast<S>> {
        private final Supplier<S> initial;

        Server(Supplier<S> initial) {
            this.initial = initial;
        }

        @Override
        public Init<S> init(ProcessContext self) {
            return Init.ok(Objects.requireNonNull(initial.get(), "the agent's initial state"));
        }

        @Override
        @SuppressWarnings("unchecked") // each request was built by Agent<S> with functions over S
        public CallResult<S> handleCall(Request<?> request, From from, S state) {
            return switch (request) {
                case Get<?, ?> get ->
                    answer(get, ((Get<S, Object>) get).function().apply(state), state);
                case GetAndUpdate<?, ?> gau -> {
                    Update<Object, S> update =
                            ((GetAndUpdate<S, Object>) gau).function().apply(state);
                    yield answer(gau, update.reply(), Objects.requireNonNull(update.state(), "the new state"));
                }
                case Change<?> change -> {
                    S next = ((Change<S>) change).function().apply(state);
                    yield reply(change, Boolean.TRUE, Objects.requireNonNull(next, "the new state"));
                }
            };
        }

        @SuppressWarnings("unchecked") // the value was computed by the request's own function: its reply type
        private static <S, R> CallResult<S> answer(Request<R> request, Object value, S state) {
            return reply(request, (R) Objects.requireNonNull(value, "the value of the agent's function"), state);
        }

        @Override
        public Result<S> handleCast(Cast<S> cast, S state) {
            return noReply(Objects.requireNonNull(cast.function().apply(state), "the new state"));
        }
    }

    private final GenServerRef<Request<?>, Cast<S>> server;

    private Agent(GenServerRef<Request<?>, Cast<S>> server) {
        this.server = server;
    }

    /**
     * Starts an agent whose state is what {@code initial} returns; it runs inside the agent.
     *
     * @param <S> the agent's state
     * @param node the node to run it on
     * @param initial makes the first state, in the agent's process; must not return null
     * @return the running agent
     * @throws io.otp4j.genserver.StartException if {@code initial} threw or returned null
     */
    public static <S> Agent<S> start(Node node, Supplier<S> initial) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(initial, "initial");
        return start(node, initial, StartOptions.defaults());
    }

    /**
     * Starts an agent with options (a name, an init timeout, a mailbox).
     *
     * @param <S> the agent's state
     * @param node the node to run it on
     * @param initial makes the first state, in the agent's process; must not return null
     * @param options the agent's name, init timeout (how long {@code initial} may take) and mailbox
     * @return the running agent
     * @throws io.otp4j.genserver.StartException if {@code initial} threw, returned null or timed out
     */
    public static <S> Agent<S> start(Node node, Supplier<S> initial, StartOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(initial, "initial");
        return new Agent<>(GenServer.start(node, new Server<>(initial), options));
    }

    /**
     * Starts an agent linked to the calling process.
     *
     * @param <S> the agent's state
     * @param parent the calling process, which the agent links to
     * @param initial makes the first state, in the agent's process; must not return null
     * @return the running agent
     * @throws io.otp4j.genserver.StartException if {@code initial} threw or returned null
     */
    public static <S> Agent<S> startLink(ProcessContext parent, Supplier<S> initial) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(initial, "initial");
        return new Agent<>(GenServer.startLink(parent, new Server<>(initial)));
    }

    /**
     * {@return what {@code function} computes from the state, inside the agent} Waits up to 5 seconds.
     *
     * @param <R> the type of the value
     * @param function computes the value from the state; must not return null
     * @throws io.otp4j.genserver.CallException if the agent did not answer in time or is gone
     */
    public <R> R get(Function<S, R> function) {
        Objects.requireNonNull(function, "function");
        return get(function, GenServerRef.DEFAULT_TIMEOUT);
    }

    /**
     * {@return what {@code function} computes from the state, waiting at most {@code timeout}}
     *
     * @param <R> the type of the value
     * @param function computes the value from the state; must not return null
     * @param timeout how long to wait for the value; positive
     * @throws io.otp4j.genserver.CallException if the agent did not answer in time or is gone
     */
    public <R> R get(Function<S, R> function, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(function, "function");
        return server.call(new Get<>(function), timeout);
    }

    /**
     * Replaces the state with what {@code function} makes of it, and waits until it is done (up to 5 seconds).
     *
     * @param function makes the new state from the current one; must not return null
     * @throws io.otp4j.genserver.CallException if the agent did not answer in time or is gone
     */
    public void update(UnaryOperator<S> function) {
        Objects.requireNonNull(function, "function");
        update(function, GenServerRef.DEFAULT_TIMEOUT);
    }

    /**
     * Replaces the state, waiting at most {@code timeout}.
     *
     * @param function makes the new state from the current one; must not return null
     * @param timeout how long to wait for the change to be made; positive
     * @throws io.otp4j.genserver.CallException if the agent did not answer in time or is gone
     */
    public void update(UnaryOperator<S> function, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(function, "function");
        server.call(new Change<>(function), timeout);
    }

    /**
     * Computes a value and a new state in one step, and returns the value. Waits up to 5 seconds.
     *
     * @param <R> the type of the value
     * @param function computes the value for the caller and the new state from the current state
     * @return the value {@code function} put in its {@link Update}
     * @throws io.otp4j.genserver.CallException if the agent did not answer in time or is gone
     */
    public <R> R getAndUpdate(Function<S, Update<R, S>> function) {
        Objects.requireNonNull(function, "function");
        return server.call(new GetAndUpdate<>(function));
    }

    /**
     * Replaces the state without waiting (a cast). A function that throws or returns null crashes the agent.
     *
     * @param function makes the new state from the current one; must not return null
     */
    public void cast(UnaryOperator<S> function) {
        Objects.requireNonNull(function, "function");
        server.cast(new Cast<>(function));
    }

    /** Stops the agent with reason {@code normal}, waiting until it is gone. */
    public void stop() {
        server.stop();
    }

    /**
     * Stops the agent with {@code reason}, waiting at most {@code timeout}.
     *
     * @param reason the agent's exit reason, which its links and monitors see
     * @param timeout how long to wait for it to be gone
     * @throws io.otp4j.genserver.CallException if it was already gone, or not gone within {@code timeout}
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        server.stop(reason, timeout);
    }

    /** {@return the agent's process} */
    public Pid pid() {
        return server.pid();
    }
}
