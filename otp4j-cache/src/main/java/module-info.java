/**
 * otp4j cache: a TTL cache in the style of Elixir's {@code con_cache}, owned by a process and supervisable.
 * Caffeine stores the entries and evicts them; time comes from the owning node's clock.
 */
module io.otp4j.cache {
    requires transitive io.otp4j.core;
    requires com.github.benmanes.caffeine;
    requires static org.jspecify;

    exports io.otp4j.cache;
}
