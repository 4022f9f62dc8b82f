package io.otp4j.cluster;

import java.util.Objects;
import java.util.function.Function;

/**
 * How values of one class cross between nodes when the default wire format (ADR 23) does not carry them: a class
 * that is not a record (a protocol-buffer message, a value class of a library), or a record that should cross in
 * a form of its own. Given at join ({@link ClusterConfig#withCodec}); every node that sends or receives such
 * values must have a codec for the class, under the class's name.
 *
 * <p>A codec is the allow-list entry for its class: a receiver decodes only classes it has a codec for, looked up
 * by the name in the frame without loading any class of that name. Whatever {@link #decode} throws makes the frame
 * bad (dropped and counted); so does a value that is not of {@link #type()}.
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="codec"}
 *
 * @param <T> the class of the values
 */
public interface ValueCodec<T> {

    /** {@return the class whose values this codec carries: exactly it, not its subclasses} */
    Class<T> type();

    /**
     * {@return the bytes of {@code value}}
     *
     * @param value a value of exactly {@link #type()}
     */
    byte[] encode(T value);

    /**
     * {@return the value of {@code bytes}}, or throws to refuse them (the frame is then bad)
     *
     * @param bytes what {@link #encode} made on the sending node; hostile until decoded
     */
    T decode(byte[] bytes);

    /**
     * {@return a codec for {@code type} made of two functions}
     *
     * @param <T> the class of the values
     * @param type the class, exactly (not its subclasses)
     * @param encode makes a value's bytes
     * @param decode makes a value of bytes; throws to refuse them
     */
    static <T> ValueCodec<T> of(
            Class<T> type, Function<? super T, byte[]> encode, Function<byte[], ? extends T> decode) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(encode, "encode");
        Objects.requireNonNull(decode, "decode");
        return new ValueCodec<>() {
            @Override
            public Class<T> type() {
                return type;
            }

            @Override
            public byte[] encode(T value) {
                return Objects.requireNonNull(encode.apply(value), "a codec encoded a value to null");
            }

            @Override
            public T decode(byte[] bytes) {
                return Objects.requireNonNull(decode.apply(bytes), "a codec decoded bytes to null");
            }

            @Override
            public String toString() {
                return "ValueCodec[" + type.getName() + "]";
            }
        };
    }
}
