package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run as written. */
class PackageExampleTest {

    private static int countInWarehouse(String fruit) {
        return fruit.length();
    }

    @Test
    void stock() {
        try (Node node = Node.start("shop")) {
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
            assertThat(plums).isEqualTo(4);
            assertThat(apples).contains(4);
            assertThat(stock.get("pear")).contains(7);
            stock.stop(); // the process exits, the cache closes
            assertThat(stock.isOpen()).isFalse();
            assertThat(node.isAlive(stock.pid())).isFalse();
        }
    }
}
