package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run as written, with its claims checked. */
class PackageExampleTest {

    @Test
    void pageHits() {
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

            SetTable<String, Long> same =
                    SetTable.<String, Long>whereis(node, "hits").orElseThrow();
            node.exit(owner, ExitReason.kill()); // the owner dies: its table is deleted

            assertThat(views).isEqualTo(2);
            assertThat(same).isSameAs(hits);
            Within.eventually("the table goes with its owner", hits::isDeleted);
        }
    }
}
