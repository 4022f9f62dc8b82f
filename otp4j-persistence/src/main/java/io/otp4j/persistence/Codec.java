package io.otp4j.persistence;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a state or an event into bytes and back, at the current schema version. Older versions reach {@link
 * #decode} only after a {@link Schema}'s upcasters have migrated them.
 *
 * @param <T> what is encoded
 */
public interface Codec<T> {

    /**
     * {@return the bytes of {@code value}}
     *
     * @param value the state or event to encode
     * @throws Exception if it cannot be encoded
     */
    byte[] encode(T value) throws Exception;

    /**
     * {@return the value {@code data} holds}
     *
     * @param data bytes of the current schema version
     * @throws Exception if the bytes are not a value
     */
    T decode(byte[] data) throws Exception;

    /**
     * {@return a codec through UTF-8 text}: {@code format} writes a value as text, {@code parse} reads it back
     * and throws on text it does not accept
     *
     * @param <T> what is encoded
     * @param format writes a value as text
     * @param parse reads a value from text, throwing on text it does not accept
     */
    static <T> Codec<T> text(Function<? super T, String> format, Function<String, ? extends T> parse) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(parse, "parse");
        return new Codec<>() {
            @Override
            public byte[] encode(T value) {
                return format.apply(value).getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public T decode(byte[] data) {
                return parse.apply(new String(data, StandardCharsets.UTF_8));
            }
        };
    }
}
