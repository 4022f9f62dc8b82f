package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CatalogTest {

    private static final Duration LOAD = Duration.ofSeconds(2);

    @Test
    void loadingInHandleContinueLetsTheSupervisorGoOnAndCallsWaitForTheLoad() throws Exception {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("catalog", clock)) {
            Supervisor tree = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(Catalog.childSpec(
                            "prices",
                            Catalog.Loading.IN_CONTINUE,
                            Catalog.simulatedSource(clock, LOAD, 3)))); // returns with the load not done
            assertThat(tree.isAlive()).isTrue();
            CompletableFuture<Integer> size = CompletableFuture.supplyAsync(() -> Catalog.size(node, "prices"));
            Await.timers(clock, 1); // the load waits for the clock
            assertThat(size).isNotDone();
            clock.advance(LOAD);
            assertThat(size.get(10, TimeUnit.SECONDS)).isEqualTo(3); // answered after the load, never empty
            assertThat(Catalog.price(node, "prices", "sku-2")).isEqualTo(Optional.of(2L));
            assertThat(Catalog.price(node, "prices", "sku-9")).isEmpty();
        }
    }

    @Test
    void loadingInInitHoldsTheSupervisorsStartUntilTheLoadIsDone() throws Exception {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("catalog", clock)) {
            CompletableFuture<Supervisor> start = CompletableFuture.supplyAsync(() -> Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(Catalog.childSpec(
                            "prices", Catalog.Loading.IN_INIT, Catalog.simulatedSource(clock, LOAD, 3)))));
            Await.timers(clock, 1);
            assertThat(start).isNotDone();
            clock.advance(LOAD);
            assertThat(start.get(10, TimeUnit.SECONDS).isAlive()).isTrue();
            assertThat(Catalog.size(node, "prices")).isEqualTo(3);
        }
    }
}
