package io.otp4j.observer;

import io.helidon.common.parameters.Parameters;
import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheStats;
import io.otp4j.registry.Registry;
import io.otp4j.stage.StageRef;
import io.otp4j.stage.StageStatistics;
import io.otp4j.table.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registries, tables, caches and stages registered with the dashboard (see {@link Observer.Builder}), each
 * under a name of the user's choosing, and the cluster's view when one was given. Entries are read paged: a
 * table by walking its keys, a registry by one select, a cache shows its size and statistics only (it has no
 * walk over its keys), a stage its demand and buffer.
 */
final class Catalog {

    private static final int MAX_TEXT = 500;

    private final Map<String, Registry<?, ?>> registries;
    private final Map<String, Table<?, ?>> tables;
    private final Map<String, Cache<?, ?>> caches;
    private final Map<String, StageRef<?, ?>> stages;
    private final Optional<Supplier<List<Map<String, Object>>>> cluster;

    Catalog(
            Map<String, Registry<?, ?>> registries,
            Map<String, Table<?, ?>> tables,
            Map<String, Cache<?, ?>> caches,
            Map<String, StageRef<?, ?>> stages,
            Optional<Supplier<List<Map<String, Object>>>> cluster) {
        this.registries = Map.copyOf(registries);
        this.tables = Map.copyOf(tables);
        this.caches = Map.copyOf(caches);
        this.stages = Map.copyOf(stages);
        this.cluster = cluster;
    }

    /** {@return each registered thing with its size, owner and statistics} */
    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> regs = new ArrayList<>();
        registries.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Registry<?, ?> r = e.getValue();
            Map<String, Object> one = named(e.getKey());
            one.put("running", r.isRunning());
            one.put("size", r.isRunning() ? r.count() : 0);
            one.put("partitions", r.isRunning() ? r.partitions().size() : 0);
            regs.add(one);
        });
        out.put("registries", regs);
        List<Map<String, Object>> tabs = new ArrayList<>();
        tables.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Table<?, ?> t = e.getValue();
            Map<String, Object> one = named(e.getKey());
            one.put("deleted", t.isDeleted());
            one.put("size", t.isDeleted() ? 0 : t.size());
            one.put("type", t.type().name().toLowerCase(Locale.ROOT));
            one.put("access", t.access().name().toLowerCase(Locale.ROOT));
            one.put("owner", t.owner().id());
            one.put("ownerText", t.owner().toString());
            tabs.add(one);
        });
        out.put("tables", tabs);
        List<Map<String, Object>> cs = new ArrayList<>();
        caches.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Cache<?, ?> c = e.getValue();
            Map<String, Object> one = named(e.getKey());
            one.put("open", c.isOpen());
            one.put("owner", c.pid().id());
            one.put("ownerText", c.pid().toString());
            if (c.isOpen()) {
                CacheStats s = c.stats();
                one.put("size", c.size());
                one.put("hits", s.hits());
                one.put("misses", s.misses());
                one.put("hitRatio", s.hitRatio());
                one.put("evictions", s.evictions());
                one.put("expirations", s.expirations());
            }
            cs.add(one);
        });
        out.put("caches", cs);
        List<Map<String, Object>> ss = new ArrayList<>();
        stages.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            StageRef<?, ?> s = e.getValue();
            Map<String, Object> one = named(e.getKey());
            one.put("alive", s.isAlive());
            one.put("pid", s.pid().id());
            one.put("pidText", s.pid().toString());
            if (s.isAlive()) {
                try {
                    StageStatistics st = s.statistics();
                    one.put("consumers", st.consumers());
                    one.put("producers", st.producers());
                    one.put("buffered", st.buffered());
                    one.put("discarded", st.discarded());
                } catch (RuntimeException gone) {
                    one.put("alive", false);
                }
            }
            ss.add(one);
        });
        out.put("stages", ss);
        out.put("cluster", cluster.isPresent());
        return out;
    }

    /** {@return a page of the entries of the registry or table {@code name}} */
    Map<String, Object> entries(String kind, String name, Parameters query) {
        int size = (int) Params.number(query, "size", 1, ProcessQuery.MAX_SIZE, 50);
        int page = (int) Params.number(query, "page", 0, ProcessQuery.MAX_DEPTH / size, 0);
        List<Map<String, Object>> rows = new ArrayList<>();
        switch (kind) {
            case "registry" -> {
                Registry<?, ?> r = registries.get(name);
                if (r == null) {
                    throw BadRequest.notFound("no registry named '" + Params.shorten(name) + "' is observed");
                }
                List<? extends io.otp4j.registry.Entry<?, ?>> all = r.select(e -> true);
                for (int i = page * size; i < Math.min(all.size(), (page + 1) * size); i++) {
                    io.otp4j.registry.Entry<?, ?> e = all.get(i);
                    rows.add(row(e.key(), e.value(), e.pid().toString()));
                }
            }
            case "table" -> {
                Table<?, ?> t = tables.get(name);
                if (t == null) {
                    throw BadRequest.notFound("no table named '" + Params.shorten(name) + "' is observed");
                }
                tableRows(t, page, size, rows);
            }
            default ->
                throw BadRequest.badParameter(
                        "entries are listed for a registry or a table, not '" + Params.shorten(kind) + "'");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", kind);
        out.put("name", name);
        out.put("page", page);
        out.put("size", size);
        out.put("entries", rows);
        return out;
    }

    private static <K, V> void tableRows(Table<K, V> t, int page, int size, List<Map<String, Object>> rows) {
        long skip = (long) page * size;
        io.otp4j.table.SelectPage<K, V> chunk = t.select((k, v) -> true, size);
        // Each step reads one page's worth and goes on from where it stopped: at most page + 1 steps.
        for (int step = 0; step <= page; step++) {
            for (io.otp4j.table.Entry<K, V> e : chunk.matches()) {
                if (skip > 0) {
                    skip--;
                } else if (rows.size() < size) {
                    rows.add(row(e.key(), e.value(), ""));
                }
            }
            if (rows.size() == size || chunk.continuation().isEmpty()) {
                return;
            }
            chunk = t.select(chunk.continuation().get());
        }
    }

    /** {@return the cluster's nodes and their state, or an empty list if the cluster is not observed} */
    List<Map<String, Object>> cluster() {
        return cluster.isPresent() ? cluster.get().get() : List.of();
    }

    private static Map<String, Object> named(String name) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", name);
        return one;
    }

    private static Map<String, Object> row(Object key, Object value, String pid) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", Params.cut(String.valueOf(key), MAX_TEXT));
        row.put("value", Params.cut(String.valueOf(value), MAX_TEXT));
        row.put("pid", pid);
        return row;
    }
}
