package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The code of the package documentation, run as written. */
class ExamplesDocSnippetsTest {

    @Test
    void aCounterSeesItsCastsAndACrashedParserIsRestartedAlone() {
        List<String> failures = new ArrayList<>();
        try (Node node = Node.start("shop")) {
            // @start region="facades"
            Counter counter = Counter.start(node, 10);
            counter.add(5); // a cast: returns at once
            long now = counter.increment(1); // a call after casts sees them: 16

            Parsers parsers = Parsers.start(node, "parsers", 3, 10, Duration.ofSeconds(5));
            // @end
            Pid first = parsers.ref(0).pid();
            Pid second = parsers.ref(1).pid();
            Pid third = parsers.ref(2).pid();
            // @start region="crash"
            try {
                parsers.parse(0, "twelve");
            } catch (ServerExitedException e) { // worker 0 crashed: its supervisor restarts it,
                failures.add(e.getMessage()); // workers 1 and 2 never notice
            }
            // @end

            assertThat(now).isEqualTo(16);
            assertThat(failures).singleElement().asString().contains("twelve");
            Await.restarted(node, Parsers.workerName("parsers", 0), first);
            assertThat(parsers.parse(0, "12")).isEqualTo(12);
            assertThat(parsers.ref(1).pid()).isEqualTo(second);
            assertThat(parsers.ref(2).pid()).isEqualTo(third);
        }
    }

    private final AtomicInteger served = new AtomicInteger();

    /** What a limited request does when let through: here, counts itself. */
    private void serve() {
        served.incrementAndGet();
    }

    @Test
    void aCounterAddsByCastAndAnswersACall() {
        try (Node node = Node.start("counter")) {
            // @start region="counter"
            Counter counter = Counter.start(node, 0);
            counter.add(5); // cast: fire and forget
            long now = counter.increment(1); // call: 6
            // @end
            assertThat(now).isEqualTo(6);
        }
    }

    @Test
    void aRateLimiterLetsABurstThroughThenFiveASecond() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("limits", clock)) {
            // @start region="limiter"
            RateLimiter limiter = RateLimiter.start(node, 10, 5.0); // bursts of 10, 5 a second after that
            if (limiter.tryAcquire("user-42")) {
                serve();
            }
            // @end
            assertThat(served).hasValue(1);
            for (int more = 0; more < 9; more++) {
                assertThat(limiter.tryAcquire("user-42")).isTrue();
            }
            assertThat(limiter.tryAcquire("user-42")).as("the burst is spent").isFalse();
            clock.advance(Duration.ofMillis(200)); // one token more, at 5 a second
            assertThat(limiter.tryAcquire("user-42")).isTrue();
            assertThat(limiter.tryAcquire("user-42")).isFalse();
        }
    }

    @Test
    void aShardedRateLimiterRoutesEachKeyToOneOfItsServers() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("sharded", clock)) {
            // @start region="sharded"
            ShardedRateLimiter limiter = ShardedRateLimiter.start(node, "limiters", 8, 10, 5.0);
            if (limiter.tryAcquire("user-42")) { // routed by the key to one of 8 servers
                serve();
            }
            // @end
            assertThat(served).hasValue(1);
            for (int more = 0; more < 9; more++) {
                assertThat(limiter.tryAcquire("user-42")).isTrue();
            }
            assertThat(limiter.tryAcquire("user-42"))
                    .as("one bucket per key, on its shard")
                    .isFalse();
            assertThat(limiter.tryAcquire("user-7"))
                    .as("another key has its own bucket")
                    .isTrue();
        }
    }

    @Test
    void aTableCacheLoadsAMissOnceAndThenReadsTheTable() {
        PriceList catalog = new PriceList();
        try (Node node = Node.start("prices")) {
            // @start region="table-cache"
            ReadCache<String, Price> prices = TableCache.start(node, "prices", sku -> catalog.price(sku));
            Price p = prices.get("sku-1"); // a table lookup; a call to the owner only the first time
            // @end
            assertThat(p).isEqualTo(new Price("sku-1", 100));
            assertThat(prices.get("sku-1")).isEqualTo(p);
            assertThat(catalog.asked).as("loaded once").hasValue(1);
        }
    }

    /** A price of the doc's catalog. */
    record Price(String sku, long cents) {}

    /** The doc's catalog: every price is 100 cents; counts how often it is asked. */
    static final class PriceList {
        final AtomicInteger asked = new AtomicInteger();

        Price price(String sku) {
            asked.incrementAndGet();
            return new Price(sku, 100);
        }
    }
}
