package io.otp4j.persistence;

import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import org.jspecify.annotations.Nullable;

/**
 * A durable server's write, handed to the store, and the store's answer, which the server awaits as its next
 * message ({@link Results#awaiting}) before its callback's result counts: the reply is sent, and the next message
 * taken, only once the write is durable, as when the server waits for the commit on its thread. It does not hold the
 * thread meanwhile: a pooled server's worker runs other servers, whose writes join the same commit. The answer
 * reaches a bounded mailbox past its limit ({@link Engine#deliverAnswer}).
 */
final class AwaitedWrite {

    private static final Engine ENGINE = Engine.get();

    /** Set before the answer is delivered, which publishes it: the store's error, or null once durable. */
    private @Nullable RuntimeException failed;

    private AwaitedWrite() {}

    /**
     * Hands {@code write} to {@code store} and {@return the callback's result, held until the store answers} Once it
     * has, {@code stored} notes the write as the server's own (its new version), and {@code result} counts; if the
     * store refused the write or failed, the server crashes with that error and {@code stored} does not run.
     *
     * @param self the server's process
     * @param state the state while the write is in flight: the new one, not yet stored
     */
    static <S> Result.NoReply<S> handOver(
            ProcessContext self,
            DurableStore store,
            DurableWrite write,
            S state,
            Runnable stored,
            CallResult<S> result) {
        Pid pid = self.self();
        AwaitedWrite answer = new AwaitedWrite();
        store.write(write, failed -> {
            answer.failed = failed;
            ENGINE.deliverAnswer(pid, answer);
        });
        return Results.awaiting(state, message -> message == answer, message -> {
            RuntimeException error = answer.failed;
            if (error != null) {
                throw error;
            }
            stored.run();
            return result;
        });
    }

    @Override
    public String toString() {
        return failed == null ? "the store's answer: stored" : "the store's answer: " + failed;
    }
}
