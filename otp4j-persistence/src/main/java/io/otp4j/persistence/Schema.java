package io.otp4j.persistence;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A codec at a schema version, with the upcasters that bring older stored versions up to it: otp4j's answer to
 * {@code code_change} (ADR 5). Every stored state and event carries its version; on load, a record of version
 * {@code v} goes through the upcasters of {@code v}, {@code v + 1}, ... up to the current version, then to the codec.
 *
 * {@snippet class="io.otp4j.persistence.SnippetsTest" region="upcasters"}
 *
 * @param <T> what is stored
 */
public final class Schema<T> {

    private final int version;
    private final Codec<T> codec;
    private final Map<Integer, UnaryOperator<byte[]>> upcasters;

    private Schema(int version, Codec<T> codec, Map<Integer, UnaryOperator<byte[]>> upcasters) {
        this.version = version;
        this.codec = codec;
        this.upcasters = upcasters;
    }

    /**
     * {@return a schema at {@code version} (1 or more) read and written by {@code codec}, with no upcaster}
     *
     * @param <T> what is stored
     * @param version the version it writes, 1 or more
     * @param codec reads and writes records of {@code version}
     * @throws IllegalArgumentException if {@code version} is below 1
     */
    public static <T> Schema<T> of(int version, Codec<T> codec) {
        if (version < 1) {
            throw new IllegalArgumentException("a schema version is 1 or more, was " + version);
        }
        return new Schema<>(version, Objects.requireNonNull(codec, "codec"), Map.of());
    }

    /**
     * {@return the same schema, with {@code upcaster} turning the bytes of version {@code from} into those of
     * version {@code from + 1}}
     *
     * @param from the version the upcaster reads, from 1 to below this schema's version
     * @param upcaster turns the bytes of version {@code from} into those of {@code from + 1}
     * @throws IllegalArgumentException if {@code from} is out of range or already has an upcaster
     */
    public Schema<T> upcastFrom(int from, UnaryOperator<byte[]> upcaster) {
        Objects.requireNonNull(upcaster, "upcaster");
        if (from < 1 || from >= version) {
            throw new IllegalArgumentException(
                    "an upcaster starts from a version in [1, " + version + "), was " + from);
        }
        if (upcasters.containsKey(from)) {
            throw new IllegalArgumentException("there is already an upcaster from version " + from);
        }
        Map<Integer, UnaryOperator<byte[]>> more = new TreeMap<>(upcasters);
        more.put(from, upcaster);
        return new Schema<>(version, codec, Map.copyOf(more));
    }

    /** {@return the version this schema writes} */
    public int version() {
        return version;
    }

    /**
     * {@return the bytes of {@code value} at the current version}
     *
     * @param value the state, event or cast to encode
     * @param what what it is, for the error (such as "event 3 of 'x'")
     * @throws EncodeException naming {@code what} if the codec cannot encode it
     */
    public byte[] encode(T value, String what) {
        return encode(value, () -> what);
    }

    /**
     * {@return the bytes of {@code value} at the current version} As {@link #encode(Object, String)}, with the
     * description made only for an error: a durable server encodes on every write (and a snapshot server on every
     * change it checks for), and the description would otherwise be a string built each time for nothing.
     *
     * @param value the state, event or cast to encode
     * @param what makes what it is, for the error (such as "event 3 of 'x'")
     * @throws EncodeException naming {@code what} if the codec cannot encode it
     */
    public byte[] encode(T value, Supplier<String> what) {
        try {
            return Objects.requireNonNull(codec.encode(value), "the codec returned null");
        } catch (Exception e) {
            throw new EncodeException("cannot encode " + what.get() + ": " + e, e);
        }
    }

    /**
     * {@return the value of {@code data}, stored at {@code storedVersion}, upcast to the current version}
     *
     * @param storedVersion the version the bytes were written at
     * @param data the stored bytes
     * @param what what they are, for the error (such as "the snapshot of 'x'")
     * @throws CorruptRecordException naming {@code what} if the version is unknown or the bytes are not a value
     */
    public T decode(int storedVersion, byte[] data, String what) {
        return decode(storedVersion, data, () -> what);
    }

    /**
     * {@return the value of {@code data}, stored at {@code storedVersion}, upcast to the current version} As
     * {@link #decode(int, byte[], String)}, with the description made only for an error: a replay decodes every
     * event since the last snapshot.
     *
     * @param storedVersion the version the bytes were written at
     * @param data the stored bytes
     * @param what makes what they are, for the error (such as "the snapshot of 'x'")
     * @throws CorruptRecordException naming {@code what} if the version is unknown or the bytes are not a value
     */
    public T decode(int storedVersion, byte[] data, Supplier<String> what) {
        if (storedVersion < 1 || storedVersion > version) {
            throw new CorruptRecordException(what.get() + " has schema version " + storedVersion
                    + ", but this code reads versions 1 to " + version);
        }
        byte[] bytes = data;
        for (int at = storedVersion; at < version; at++) {
            UnaryOperator<byte[]> upcaster = upcasters.get(at);
            if (upcaster == null) {
                throw new CorruptRecordException(what.get() + " has schema version " + storedVersion
                        + ", and there is no upcaster from version " + at + " to " + (at + 1));
            }
            try {
                bytes = Objects.requireNonNull(upcaster.apply(Arrays.copyOf(bytes, bytes.length)), "upcast");
            } catch (RuntimeException e) {
                throw new CorruptRecordException(
                        what.get() + " failed to upcast from version " + at + " to " + (at + 1) + ": " + e, e);
            }
        }
        try {
            return Objects.requireNonNull(codec.decode(bytes), "the codec returned null");
        } catch (Exception e) {
            throw new CorruptRecordException(
                    what.get() + " cannot be decoded at schema version " + version + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Schema[version " + version + ", upcasters from " + upcasters.keySet() + "]";
    }
}
