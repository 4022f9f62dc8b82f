package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.StartResult;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run as written. */
class PackageExampleTest {

    // @start region="type"
    static final CacheType<String, Integer> STOCK = CacheType.declare("stock levels");
    // @end

    /** The warehouse's count of {@code fruit}: here, as many as its name has letters. */
    private static int countInWarehouse(String fruit) {
        return fruit.length();
    }

    @Test
    void stock() {
        try (Node node = Node.start("shop")) {
            // @start region="stock"
            Cache<String, Integer> stock = Cache.start(
                    node,
                    CacheOptions.defaults()
                            .withTtl(Duration.ofMinutes(5)) // every entry lives 5 minutes after its last write
                            .withTouchOnRead(true) // ... or its last read
                            .withMaximumSize(10_000));
            stock.put("apple", 3);
            stock.put("pear", 7, Duration.ofSeconds(30)); // this one lives 30 seconds
            stock.update("apple", n -> n.orElse(0) + 1); // isolated: no update of "apple" is lost
            int plums = stock.getOrStore("plum", fruit -> countInWarehouse(fruit)); // computed once
            Optional<Integer> apples = stock.get("apple"); // Optional[4]
            // @end
            assertThat(plums).isEqualTo(4);
            assertThat(apples).contains(4);
            assertThat(stock.get("pear")).contains(7);
            // @start region="stop"
            stock.stop(); // the process exits, the cache closes
            // @end
            assertThat(stock.isOpen()).isFalse();
            assertThat(node.isAlive(stock.pid())).isFalse();
        }
    }

    @Test
    void aSupervisedCacheIsFoundByNameAndTypeAndRestartedEmpty() {
        try (Node node = Node.start("shop")) {
            // @start region="supervised"
            ChildSpec spec = ChildSpec.of(
                    "stock",
                    supervisor -> StartResult.ok(Cache.startLink(
                                    supervisor, STOCK, CacheOptions.defaults().withName("stock"))
                            .pid()));
            // @end
            Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(spec));
            // @start region="whereis"
            Cache<String, Integer> stock = Cache.whereis(node, "stock", STOCK).orElseThrow();
            // @end
            stock.put("apple", 3);
            assertThat(Cache.whereis(node, "stock", STOCK).orElseThrow().get("apple"))
                    .contains(3);

            node.exit(stock.pid(), ExitReason.kill());
            Eventually.until(
                    () -> Cache.whereis(node, "stock", STOCK)
                            .filter(c -> !c.pid().equals(stock.pid()))
                            .isPresent(),
                    "the supervisor restarts the cache under its name");
            assertThat(stock.isOpen()).isFalse();
            assertThat(Cache.whereis(node, "stock", STOCK).orElseThrow().get("apple"))
                    .isEmpty();
        }
    }

    /** A user, the values of {@link CacheOptions}' example. */
    record User(String name) {}

    @OtpTest
    void optionsOfTheClassDocMakeANamedCacheWhoseReadsRenewTheTimeToLive(Node node, ManualClock clock) {
        // @start region="options"
        Cache<String, User> users = Cache.start(
                node,
                CacheOptions.defaults()
                        .withTtl(Duration.ofMinutes(10)) // every entry, unless put with its own
                        .withTouchOnRead(true) // a read renews the entry's time to live
                        .withMaximumSize(100_000)
                        .withName("users"));
        // @end
        users.put("ada", new User("Ada"));
        assertThat(Cache.whereis(node, "users")).isPresent();
        clock.advance(Duration.ofMinutes(9));
        assertThat(users.get("ada")).contains(new User("Ada")); // renews: 10 more minutes from here
        clock.advance(Duration.ofMinutes(9));
        assertThat(users.get("ada"))
                .as("18 minutes after the write, 9 after the read")
                .isPresent();
        clock.advance(Duration.ofMinutes(10));
        assertThat(users.get("ada")).isEmpty();
    }
}
