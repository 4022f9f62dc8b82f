package io.otp4j.cache;

import java.util.Objects;

/**
 * The key and value types of a cache, declared once by the code that starts it and looks it up. A cache started
 * with a type ({@link Cache#start(io.otp4j.process.Node, CacheType, CacheOptions)}, ...) remembers it, and the
 * typed lookups ({@link Cache#of(io.otp4j.process.Pid, CacheType)}, {@link Cache#whereis(io.otp4j.process.Node,
 * String, CacheType)}) find it only with that same type: a lookup never hands out a cache under key and value
 * types it was not started with.
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="type"}
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="supervised"}
 *
 * and later, anywhere:
 *
 * {@snippet class="io.otp4j.cache.PackageExampleTest" region="whereis"}
 *
 * <p>A type is compared by identity: it is the declaration, not the classes of the keys and values (which the JVM
 * erases, and which could not tell a {@code Cache<String, List<String>>} from a {@code Cache<String,
 * List<Integer>>}). Declare it once, in a constant, and use that constant on both sides.
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class CacheType<K, V> {

    private final String description;

    private CacheType(String description) {
        this.description = description;
    }

    /**
     * {@return a new type of caches; {@code description} names it in messages}
     *
     * @param <K> the keys of the caches of this type
     * @param <V> the values of the caches of this type
     * @param description names the type in error messages ("stock levels"); not for comparison
     */
    public static <K, V> CacheType<K, V> declare(String description) {
        return new CacheType<>(Objects.requireNonNull(description, "description"));
    }

    @Override
    public String toString() {
        return "CacheType[" + description + "]";
    }
}
