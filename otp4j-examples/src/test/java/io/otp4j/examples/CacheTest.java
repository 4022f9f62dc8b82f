package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Sys;
import io.otp4j.process.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheTest {

    private static String load(String key) {
        return "value of " + key;
    }

    @Test
    void bothCachesLoadEachKeyOnceUnderConcurrentReaders() throws Exception {
        try (Node node = Node.start("cache")) {
            List<ReadCache<String, String>> caches = List.of(
                    TableCache.start(node, "table", CacheTest::load),
                    MapServerCache.start(node, "map", CacheTest::load));
            for (ReadCache<String, String> cache : caches) {
                List<CompletableFuture<Void>> readers = new ArrayList<>();
                for (int r = 0; r < 8; r++) {
                    readers.add(CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < 500; i++) {
                            String key = "k" + (i % 50);
                            assertThat(cache.get(key)).isEqualTo(load(key));
                        }
                    }));
                }
                CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new))
                        .get(30, TimeUnit.SECONDS);
                assertThat(cache.loads()).as(cache.getClass().getSimpleName()).isEqualTo(50);
            }
        }
    }

    @Test
    void tableReadersDoNotQueueBehindTheOwnerButMapReadersDo() throws Exception {
        try (Node node = Node.start("cache")) {
            TableCache<String, String> table = TableCache.start(node, "table", CacheTest::load);
            MapServerCache<String, String> map = MapServerCache.start(node, "map", CacheTest::load);
            table.get("a");
            map.get("a");
            Sys.suspend(table.owner()); // the owner is busy (here: suspended)
            Sys.suspend(map.server());
            assertThat(table.get("a")).isEqualTo("value of a"); // a hit is a table lookup, on this thread
            CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> map.get("a"));
            Await.until(
                    "the map read queued",
                    () -> node.info(map.server().pid()).orElseThrow().mailboxLength() == 1);
            assertThat(queued).isNotDone(); // every map read is a call into the one mailbox
            Sys.resume(map.server());
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("value of a");
            Sys.resume(table.owner());
            assertThat(table.get("b")).isEqualTo("value of b"); // a miss is a call to the owner
            assertThat(table.loads()).isEqualTo(2);
        }
    }

    @Test
    void theTableGoesWithItsOwner() {
        try (Node node = Node.start("cache")) {
            TableCache<String, String> cache = TableCache.start(node, "table", CacheTest::load);
            cache.get("a");
            cache.stop();
            Await.until(
                    "the table deleted",
                    () -> io.otp4j.table.Table.whereis(node, "table").isEmpty());
        }
    }
}
