package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Many processes registering at once: one winner per unique key, no entry lost or left behind. */
class RegistryRaceTest {

    private static final int RACERS = 64;

    private final Node node = Node.start("registry-race");

    @AfterEach
    void close() {
        node.close();
    }

    @RepeatedTest(5)
    void manyProcessesRaceForOneUniqueKeyAndExactlyOneWins() {
        Registry<String, Integer> registry =
                Registry.start(node, "race", RegistryOptions.unique().withPartitions(2));
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(RACERS);
        Set<Pid> winners = ConcurrentHashMap.newKeySet();
        Set<Pid> losersSaw = ConcurrentHashMap.newKeySet();
        AtomicInteger other = new AtomicInteger();
        for (int i = 0; i < RACERS; i++) {
            int n = i;
            node.spawn(self -> {
                go.await();
                try {
                    registry.register(self, "leader", n);
                    winners.add(self.self());
                } catch (AlreadyRegisteredException e) {
                    losersSaw.add(e.holder());
                } catch (RuntimeException e) {
                    other.incrementAndGet();
                }
                done.countDown();
                self.receive(); // stay alive, holding the key or not
            });
        }

        go.countDown();
        Within.await(done);

        assertThat(other).hasValue(0);
        assertThat(winners).hasSize(1);
        Pid winner = winners.iterator().next();
        assertThat(losersSaw).containsExactly(winner); // every loser was told who won
        assertThat(registry.whereis("leader")).contains(winner);
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void concurrentRegistrationsAndExitsLeaveExactlyTheLiveEntries() {
        Registry<Integer, Integer> registry =
                Registry.start(node, "churn", RegistryOptions.duplicate().withPartitions(4));
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch registered = new CountDownLatch(RACERS);
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            int n = i;
            pids.add(node.spawn(self -> {
                go.await();
                for (int k = 0; k < 10; k++) {
                    registry.register(self, k, n); // ten keys shared by everyone
                }
                registered.countDown();
                self.receive();
            }));
        }
        go.countDown();
        Within.await(registered);
        assertThat(registry.count()).isEqualTo(RACERS * 10);
        for (int k = 0; k < 10; k++) {
            assertThat(registry.lookup(k)).hasSize(RACERS);
        }

        // Half exit (alternately killed and ended normally) while lookups run.
        for (int i = 0; i < RACERS; i += 2) {
            node.exit(pids.get(i), i % 4 == 0 ? ExitReason.kill() : ExitReason.custom("gone"));
        }
        for (int k = 0; k < 10; k++) {
            assertThat(registry.lookup(k).size()).isBetween(RACERS / 2, RACERS);
        }

        Within.eventually("the exited half is cleaned up", () -> registry.count() == RACERS * 10 / 2);
        for (int k = 0; k < 10; k++) {
            assertThat(registry.lookup(k))
                    .hasSize(RACERS / 2)
                    .allSatisfy(e -> assertThat(e.value() % 2).isEqualTo(1));
        }
        for (int i = 0; i < RACERS; i++) {
            assertThat(registry.keys(pids.get(i))).hasSize(i % 2 == 0 ? 0 : 10);
        }
    }

    @Test
    void aKeyPassedFromHandToHandIsHeldByAtMostOneProcessAtATime() {
        Registry<String, Integer> registry = Registry.start(node, "baton", RegistryOptions.unique());
        int rounds = 200;
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(4);
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger held = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            int n = i;
            node.spawn(self -> {
                go.await();
                for (int r = 0; r < rounds; r++) {
                    try {
                        registry.register(self, "baton", n);
                    } catch (AlreadyRegisteredException e) {
                        continue;
                    }
                    if (holders.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    held.incrementAndGet();
                    holders.decrementAndGet();
                    registry.unregister(self, "baton");
                }
                done.countDown();
            });
        }
        go.countDown();
        Within.await(done);

        assertThat(overlaps).hasValue(0);
        assertThat(held.get()).isPositive();
        assertThat(registry.count()).isZero();
    }
}
