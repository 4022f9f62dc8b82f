package io.otp4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheOptions;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import org.junit.jupiter.api.Test;

/** The README's "Metrics and tracing" snippet for metrics, as written there, and what it yields. */
class ReadmeMetricsTest {

    @Test
    void theReadmeSnippetBindsTheNodesAndTheCachesMeters() {
        try (Node node = Node.start("shop")) {
            GenServerRef<Counter.Get, Counter.Msg> counter =
                    GenServer.start(node, new Counter(), StartOptions.defaults().withName("counter"));
            Cache<String, String> cache = Cache.start(node, CacheOptions.defaults());

            // --- README: Metrics and tracing (metrics) ---
            MeterRegistry registry = new SimpleMeterRegistry(); // or Prometheus, OTLP, ...
            try (Otp4jMetrics metrics = Otp4jMetrics.bind(node, registry);
                    CacheMetrics users = CacheMetrics.bind(cache, registry, "users")) {
                counter.call(new Counter.Get()); // otp4j.calls{server=counter,outcome=replied}
                cache.get("alice"); // cache.gets{cache=users,result=miss}
                // --- end of the snippet ---

                assertThat(registry.get("otp4j.calls")
                                .tag("server", "counter")
                                .tag("outcome", "replied")
                                .functionTimer()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get("cache.gets")
                                .tag("cache", "users")
                                .tag("result", "miss")
                                .functionCounter()
                                .count())
                        .isEqualTo(1.0);
            }
        }
    }
}
