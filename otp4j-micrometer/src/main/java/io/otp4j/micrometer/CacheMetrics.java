package io.otp4j.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The statistics of an otp4j {@link Cache} as Micrometer meters, under the names of Micrometer's own cache
 * binders, each tagged {@code cache} with the name given:
 *
 * <ul>
 *   <li>{@code cache.size} (gauge): the entries the cache holds;
 *   <li>{@code cache.gets} (function counter), {@code result=hit} and {@code result=miss}: reads that found a live
 *       entry, and reads that found none;
 *   <li>{@code cache.evictions} (function counter), {@code cause=size} and {@code cause=expired}: entries the size
 *       bound pushed out, and entries whose time to live ran out;
 *   <li>{@code cache.loads} (function counter), {@code result=success} and {@code result=failure}: values that
 *       {@code getOrStore} computed and stored, and computations that threw or returned null;
 *   <li>{@code cache.removals} (function counter), {@code cause=explicit} and {@code cause=replaced}: entries
 *       deleted, and values replaced by a write.
 * </ul>
 *
 * <p>The meters read {@link Cache#stats()} and {@link Cache#size()}, which take no lock and send no message; they
 * keep their last values once the cache has stopped, until {@link #close()} removes them.
 */
public final class CacheMetrics implements MeterBinder, AutoCloseable {

    private final Cache<?, ?> cache;
    private final Tags tags;
    private final List<Bound> bound = new ArrayList<>(); // guarded by this

    private record Bound(MeterRegistry registry, Meter meter) {}

    /**
     * Meters for {@code cache}, tagged {@code cache=cacheName} and {@code tags}; {@link #bindTo} registers them.
     *
     * @param cache the cache to meter
     * @param cacheName the value of the {@code cache} tag; not blank
     * @param tags more tags on every meter
     * @throws IllegalArgumentException if {@code cacheName} is blank
     */
    public CacheMetrics(Cache<?, ?> cache, String cacheName, Iterable<Tag> tags) {
        this.cache = Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(cacheName, "cacheName");
        Objects.requireNonNull(tags, "tags");
        if (cacheName.isBlank()) {
            throw new IllegalArgumentException(
                    "the cache name must not be blank: it is the tag that tells caches apart");
        }
        this.tags = Tags.of(tags).and("cache", cacheName);
    }

    /**
     * Binds the meters of {@code cache} to {@code registry}, tagged {@code cache=} its registered name, or
     * {@code cacheName} for a cache without one.
     *
     * @param cache the cache to meter
     * @param registry the registry the meters are registered in
     * @param cacheName the {@code cache} tag of a cache that has no registered name; not blank
     * @param tags more tags on every meter
     * @return the binder, whose {@link #close()} removes the meters again
     */
    public static CacheMetrics bind(Cache<?, ?> cache, MeterRegistry registry, String cacheName, Tag... tags) {
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tags, "tags");
        CacheMetrics metrics = new CacheMetrics(cache, cache.name().orElse(cacheName), Tags.of(tags));
        metrics.bindTo(registry);
        return metrics;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        List<Meter> meters = List.of(
                Gauge.builder("cache.size", cache, Cache::size)
                        .strongReference(true)
                        .tags(tags)
                        .description("The number of entries in the cache")
                        .register(registry),
                counter(registry, "cache.gets", "result", "hit", CacheStats::hits, "Reads that found a live entry"),
                counter(registry, "cache.gets", "result", "miss", CacheStats::misses, "Reads that found no entry"),
                counter(
                        registry,
                        "cache.evictions",
                        "cause",
                        "size",
                        CacheStats::evictions,
                        "Entries the size bound pushed out"),
                counter(
                        registry,
                        "cache.evictions",
                        "cause",
                        "expired",
                        CacheStats::expirations,
                        "Entries whose time to live ran out"),
                counter(
                        registry,
                        "cache.loads",
                        "result",
                        "success",
                        CacheStats::loads,
                        "Values that getOrStore computed and stored"),
                counter(
                        registry,
                        "cache.loads",
                        "result",
                        "failure",
                        CacheStats::loadFailures,
                        "Computations of getOrStore that threw or returned null"),
                counter(
                        registry,
                        "cache.removals",
                        "cause",
                        "explicit",
                        CacheStats::deletions,
                        "Entries removed by delete"),
                counter(
                        registry,
                        "cache.removals",
                        "cause",
                        "replaced",
                        CacheStats::replacements,
                        "Values replaced by a write"));
        synchronized (this) {
            meters.forEach(meter -> bound.add(new Bound(registry, meter)));
        }
    }

    private FunctionCounter counter(
            MeterRegistry registry,
            String name,
            String tagKey,
            String tagValue,
            ToLongFunction<CacheStats> count,
            String description) {
        return FunctionCounter.builder(name, cache, c -> count.applyAsLong(c.stats()))
                .tags(tags)
                .tag(tagKey, tagValue)
                .description(description)
                .register(registry);
    }

    /** Removes the meters from every registry they were bound to; does nothing the second time. */
    @Override
    public void close() {
        List<Bound> all;
        synchronized (this) {
            all = List.copyOf(bound);
            bound.clear();
        }
        all.forEach(b -> b.registry().remove(b.meter()));
    }

    @Override
    public String toString() {
        return "CacheMetrics[" + cache + ", " + tags + "]";
    }
}
