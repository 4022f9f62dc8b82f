package io.otp4j.opentelemetry;

import io.otp4j.observe.ContextCarrier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries the sender's SLF4J {@link MDC} (mapped diagnostic context) with {@code call}, {@code cast} and
 * {@code send} into the handler: the handler logs with the fields its caller had, and the handler's thread gets
 * its own fields back afterwards. Across nodes each field crosses as {@code mdc.<key>}.
 *
 * <p>{@link #all()} carries every field; {@link #of(String...)} only the keys named, which keeps what crosses the
 * wire small and known. An empty MDC carries nothing and costs nothing after the capture.
 *
 * <p>SLF4J is an optional dependency of this module: this class needs {@code slf4j-api} at run time, the rest of
 * the module does not.
 */
public final class MdcCarrier implements ContextCarrier<Map<String, String>> {

    /** The prefix of the fields that cross to another node. */
    public static final String FIELD_PREFIX = "mdc.";

    private final @Nullable Set<String> keys;

    private MdcCarrier(@Nullable Set<String> keys) {
        this.keys = keys;
    }

    /** {@return a carrier of every MDC field} */
    public static MdcCarrier all() {
        return new MdcCarrier(null);
    }

    /**
     * {@return a carrier of the MDC fields {@code keys} only}
     *
     * @param keys the MDC keys whose values cross with each message; at least one, none blank
     * @throws IllegalArgumentException if no key is given, or one is blank
     */
    public static MdcCarrier of(String... keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.length == 0) {
            throw new IllegalArgumentException("name at least one MDC key to carry, or use MdcCarrier.all()");
        }
        for (String key : List.of(keys)) {
            if (key.isBlank()) {
                throw new IllegalArgumentException("an MDC key to carry must not be blank");
            }
        }
        return new MdcCarrier(Set.of(keys));
    }

    @Override
    public @Nullable Map<String, String> capture() {
        Map<String, String> fields = MDC.getCopyOfContextMap();
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        if (keys != null) {
            fields.keySet().retainAll(keys);
            if (fields.isEmpty()) {
                return null;
            }
        }
        return fields;
    }

    @Override
    public Attached attach(Map<String, String> context) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.setContextMap(context);
        return () -> {
            if (before == null || before.isEmpty()) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        };
    }

    @Override
    public Map<String, String> toFields(Map<String, String> context) {
        Map<String, String> fields = new HashMap<>();
        context.forEach((key, value) -> fields.put(FIELD_PREFIX + key, value));
        return fields;
    }

    @Override
    public @Nullable Map<String, String> fromFields(Map<String, String> fields) {
        Map<String, String> context = new HashMap<>();
        fields.forEach((field, value) -> {
            if (field.startsWith(FIELD_PREFIX)) {
                String key = field.substring(FIELD_PREFIX.length());
                if (keys == null || keys.contains(key)) {
                    context.put(key, value);
                }
            }
        });
        return context.isEmpty() ? null : context;
    }

    @Override
    public String toString() {
        return keys == null ? "MdcCarrier[all]" : "MdcCarrier" + keys;
    }
}
