package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.process.ProcessContext;

/**
 * A generic server whose state is stored whole (state snapshots): run it through {@link Durable#server}. Its
 * callbacks are a {@link GenServer}'s, with one difference: {@link #init(ProcessContext, Object)} receives the
 * state loaded from the store, or {@link #initialState()} the first time.
 *
 * <p>After each callback, if the state it returned encodes to other bytes than the state stored, the new state is
 * written, durably, before the reply is sent and before the next message is taken. If the write fails the
 * callback's server crashes with the store's error as its reason and the caller gets no reply. A reply sent
 * through {@link io.otp4j.genserver.From} inside a callback leaves before the write: reply with the result
 * ({@link io.otp4j.genserver.Results#reply}) for an acknowledgement that means "stored". {@link
 * io.otp4j.genserver.Sys#replaceState} changes the state without storing it; the next callback's write stores it.
 *
 * @param <S> the state, which the {@link Schema} given to {@link Durable#server} encodes
 * @param <C> the calls
 * @param <K> the casts
 */
public interface DurableGenServer<S, C extends Call<?>, K> extends GenServer<S, C, K> {

    /** {@return the state of an identity the store does not hold yet} */
    S initialState();

    /**
     * Runs first, once the stored state is loaded; the default starts with it as it is.
     *
     * @param self the server's own process
     * @param loaded the stored state (upcast to the current schema version), or {@link #initialState()}
     * @return as {@link GenServer#init(ProcessContext)}; an {@code ok} state that differs from {@code loaded} is
     *     stored before the starter returns
     * @throws Exception to fail the start with a crash reason
     */
    default Init<S> init(ProcessContext self, S loaded) throws Exception {
        return Init.ok(loaded);
    }

    /**
     * Fails: a durable server starts through {@link Durable#server}, which loads its state first.
     *
     * @param self the server's own process
     * @return never
     * @throws IllegalStateException always
     */
    @Override
    default Init<S> init(ProcessContext self) {
        throw new IllegalStateException(
                getClass().getName() + " is a DurableGenServer: start the server that Durable.server(...) makes of it");
    }
}
