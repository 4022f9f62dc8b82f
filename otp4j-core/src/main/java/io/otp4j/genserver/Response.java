package io.otp4j.genserver;

import java.util.Objects;

/**
 * The answer to a request sent with {@link GenServerRef#sendRequest(Call, Pid)}, as a message to the process that
 * asked for it: the server's reply, or why none came. {@link RequestId#responseIn} tells a response to one request
 * from other messages and gives it its reply type.
 *
 * @param <R> the reply's type
 */
public sealed interface Response<R> {

    /** {@return the request this answers} */
    RequestId<R> id();

    /**
     * {@return the server's reply}
     *
     * @throws CallException what {@link GenServerRef#call} would have thrown, for a {@link Failed} response
     */
    R reply();

    /**
     * The server replied.
     *
     * @param <R> the reply's type
     * @param id the request this answers
     * @param reply the server's reply; not null
     */
    record Replied<R>(RequestId<R> id, R reply) implements Response<R> {
        /** Checks that both parts are there. */
        public Replied {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reply, "reply");
        }
    }

    /**
     * No reply will come: {@code error} says why, as the exception a {@link GenServerRef#call} would have thrown
     * ({@link ServerExitedException} for a server that exited before replying, was gone already or whose node was
     * lost; {@link CallDroppedException} for a request another node's bounded mailbox dropped).
     *
     * @param <R> the reply's type
     * @param id the request this answers
     * @param error why no reply came
     */
    record Failed<R>(RequestId<R> id, CallException error) implements Response<R> {
        /** Checks that both parts are there. */
        public Failed {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
        }

        /** {@return never}: throws {@link #error()} */
        @Override
        public R reply() {
            throw error;
        }
    }
}
