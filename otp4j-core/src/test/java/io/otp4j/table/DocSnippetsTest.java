package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The code shown in this package's documentation (the package, {@link CounterField}), run and checked. */
class DocSnippetsTest {

    @Test
    void pageHits() {
        // @start region="example"
        try (Node node = Node.start("shop")) {
            CompletableFuture<SetTable<String, Long>> created = new CompletableFuture<>();
            Pid owner = node.spawn(self -> {
                created.complete(Table.set(
                        self,
                        TableOptions.defaults().withAccess(TableAccess.PUBLIC).withName("hits")));
                self.receive(); // the table lives as long as its owner
            });
            SetTable<String, Long> hits = created.join();

            hits.updateCounter("/home", CounterField.value(), 1, 0L); // atomic, from any thread
            hits.updateCounter("/home", CounterField.value(), 1, 0L);
            long views = hits.lookup("/home").orElse(0L); // 2
            assertThat(views).isEqualTo(2); // @replace regex=".*\n?" replacement=""

            SetTable<String, Long> same =
                    SetTable.<String, Long>whereis(node, "hits").orElseThrow();
            assertThat(same).isSameAs(hits); // @replace regex=".*\n?" replacement=""
            node.exit(owner, ExitReason.kill()); // the owner dies: its table is deleted
            Within.eventually("the table is deleted", hits::isDeleted); // @replace regex=".*\n?" replacement=""
        }
        // @end
    }

    @Test
    void aTableOfCounters() {
        try (Node node = Node.start("counters")) {
            long count = Within.inProcess(node, self -> {
                // @start region="value"
                SetTable<String, Long> hits =
                        Table.set(self, TableOptions.defaults().withAccess(TableAccess.PUBLIC));
                long n = hits.updateCounter("/index", CounterField.value(), 1, 0L); // 1
                // @end
                assertThat(hits.lookup("/index")).contains(1L);
                return n;
            });
            assertThat(count).isEqualTo(1);
        }
    }

    @Test
    void aCounterInARecord() {
        // @start region="record"
        record Stats(String page, long views) {}
        CounterField<Stats> views = CounterField.of(Stats::views, (s, n) -> new Stats(s.page(), n));
        // @end
        try (Node node = Node.start("stats")) {
            Stats stats = Within.inProcess(node, self -> {
                SetTable<String, Stats> pages = Table.set(self);
                pages.insert("/index", new Stats("/index", 41));
                assertThat(pages.updateCounter("/index", views, 1)).isEqualTo(42);
                return pages.lookup("/index").orElseThrow();
            });
            assertThat(stats).isEqualTo(new Stats("/index", 42));
        }
    }
}
