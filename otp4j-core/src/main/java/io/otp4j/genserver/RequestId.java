package io.otp4j.genserver;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.Optional;

/**
 * A call sent with {@link GenServerRef#sendRequest(Call, Pid)}, whose answer comes to a process as a {@link
 * Response} message (Erlang's request id of {@code gen_server:send_request}, whose reply a {@code receive} takes).
 * The process handles its responses as they come, among its other messages: a server in its {@link
 * GenServer#handleInfo}, a plain process with {@code receive}. Nothing waits for the answer meanwhile.
 *
 * <p>Exactly one response comes for each request that is not cancelled: {@link Response.Replied} with the
 * server's reply, or {@link Response.Failed} with what a {@link GenServerRef#call} would have thrown (the server
 * exited before replying, was gone already, or its node was lost). It goes to the process's mailbox as any other
 * message does, under that mailbox's policy.
 *
 * @param <R> the reply's type, fixed by the request's record
 */
public final class RequestId<R> extends ReplyTarget {

    private final Node node;
    private final Pid replyTo;

    RequestId(Node node, Pid replyTo) {
        this.node = node;
        this.replyTo = replyTo;
    }

    /** {@return the request} */
    public Object request() {
        return envelope().request;
    }

    /** {@return the process the response goes to} */
    public Pid replyTo() {
        return replyTo;
    }

    /**
     * Gives up on the answer: the server skips the request if it has not started on it, and no response is sent
     * for it from now on. A response sent before the cancel stays in the mailbox, as a message already received
     * does in Erlang.
     */
    public void cancel() {
        envelope().abandon();
    }

    /**
     * {@return {@code message} as this request's response, or empty if it is something else} (Erlang's {@code
     * check_response/2}). It gives the response its reply type back, which a pattern on {@code Response<?>} cannot.
     *
     * @param message a message the process received; any object
     */
    @SuppressWarnings("unchecked") // a response carrying this id answers this request, whose reply type is R
    public Optional<Response<R>> responseIn(Object message) {
        return message instanceof Response<?> response && response.id() == this
                ? Optional.of((Response<R>) response)
                : Optional.empty();
    }

    /** Sends the response for the call's outcome: its reply, or its failure. */
    @Override
    @SuppressWarnings("unchecked") // the server's reply to a Call<R>
    void answered(Object reply) {
        node.send(replyTo, new Response.Replied<>(this, (R) reply));
    }

    @Override
    void failed(CallException error) {
        node.send(replyTo, new Response.Failed<>(this, error));
    }

    /** Never called: a request answered by message has no deadline (its process sets a timer if it wants one). */
    @Override
    void timedOut() {}

    @Override
    Object caller() {
        return replyTo;
    }

    @Override
    public String toString() {
        return "RequestId[" + envelope().request + " replying to " + replyTo + "]";
    }
}
