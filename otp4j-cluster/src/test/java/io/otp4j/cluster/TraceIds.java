package io.otp4j.cluster;

import io.otp4j.observe.ContextCarrier;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A test carrier: a trace id kept per thread, crossing nodes as the field {@code trace-id}. */
final class TraceIds implements ContextCarrier<String> {

    private static final ThreadLocal<@Nullable String> CURRENT = new ThreadLocal<>();

    static void set(@Nullable String id) {
        CURRENT.set(id);
    }

    static @Nullable String current() {
        return CURRENT.get();
    }

    @Override
    public @Nullable String capture() {
        return CURRENT.get();
    }

    @Override
    public Attached attach(String context) {
        String before = CURRENT.get();
        CURRENT.set(context);
        return () -> CURRENT.set(before);
    }

    @Override
    public Map<String, String> toFields(String context) {
        return Map.of("trace-id", context);
    }

    @Override
    public @Nullable String fromFields(Map<String, String> fields) {
        return fields.get("trace-id");
    }
}
