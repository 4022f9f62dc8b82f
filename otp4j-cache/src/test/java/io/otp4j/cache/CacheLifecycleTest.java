package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.NameTakenException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.ManualClock;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A cache is a process: it closes with it, goes with its owner, and can be a supervisor's child. */
class CacheLifecycleTest {

    /** The type of the session caches of the supervision test. */
    private static final CacheType<String, Integer> SESSIONS = CacheType.declare("sessions");

    /** Asks a test process to end with a reason. */
    private record End(ExitReason reason) {}

    private static <T> T get(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }

    private static void assertClosed(Cache<String, Integer> cache, ExitReason reason) {
        assertThat(cache.isOpen()).isFalse();
        assertThat(cache.exitReason()).contains(reason);
        List<ThrowingCallable> operations = List.of(
                () -> cache.get("a"),
                () -> cache.put("a", 1),
                () -> cache.put("a", 1, Duration.ofSeconds(1)),
                () -> cache.insertNew("a", 1),
                () -> cache.delete("a"),
                () -> cache.update("a", n -> 1),
                () -> cache.updateExisting("a", n -> 1),
                () -> cache.getOrStore("a", k -> 1),
                () -> cache.touch("a"),
                () -> cache.size(),
                () -> cache.cleanUp());
        for (ThrowingCallable operation : operations) {
            assertThatThrownBy(operation)
                    .isInstanceOfSatisfying(
                            CacheClosedException.class,
                            e -> assertThat(e.reason()).isEqualTo(reason))
                    .hasMessage(cache.describe() + " is closed: its process exited with " + reason);
        }
        assertThat(Cache.of(cache.pid())).isEmpty();
    }

    @OtpTest
    void stopEndsTheProcessAndClosesTheCache(Node node, ManualClock clock) {
        Removals<String, Integer> removals = new Removals<>();
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withRemovalListener(removals));
        cache.put("a", 1);
        cache.get("a");
        assertThat(Cache.of(cache.pid())).containsSame(cache);
        cache.stop();
        assertThat(node.isAlive(cache.pid())).isFalse();
        assertClosed(cache, ExitReason.normal());
        assertThat(removals.pending())
                .as("a closing cache tells the listener nothing")
                .isZero();
        assertThat(cache.stats().hits()).as("statistics survive the close").isEqualTo(1);
        cache.stop(); // a second stop does nothing
        cache.close();
    }

    @OtpTest
    void aClosedCacheLeavesNothingOnTheClock(Node node, ManualClock clock) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withTtl(Duration.ofMinutes(1)));
        cache.put("a", 1);
        Eventually.until(() -> clock.pending() == 1, "a prompt for the expiry");
        cache.stop();
        assertThat(clock.pending()).isZero();
    }

    @OtpTest
    void tryWithResourcesStopsTheCache(Node node) {
        Cache<String, Integer> kept;
        try (Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults())) {
            cache.put("a", 1);
            kept = cache;
        }
        assertClosed(kept, ExitReason.normal());
    }

    @OtpTest
    void anExitSignalOrAKillClosesTheCache(Node node) {
        TestProbe probe = TestProbe.spawn(node);
        Cache<String, Integer> shutDown = Cache.start(node, CacheOptions.defaults());
        Cache<String, Integer> killed = Cache.start(node, CacheOptions.defaults());
        probe.watch(shutDown.pid());
        probe.watch(killed.pid());
        node.exit(shutDown.pid(), ExitReason.shutdown());
        probe.expectDown(shutDown.pid(), ExitReason.shutdown());
        node.exit(killed.pid(), ExitReason.kill()); // after the first Down, so the two cannot swap
        probe.expectDown(killed.pid(), ExitReason.killed());
        assertClosed(shutDown, ExitReason.shutdown());
        assertClosed(killed, ExitReason.killed());
    }

    @Test
    void closingTheNodeClosesTheCache() {
        Cache<String, Integer> cache;
        try (Node node = Node.start("closing")) {
            cache = Cache.start(node, CacheOptions.defaults());
            cache.put("a", 1);
        }
        assertClosed(cache, ExitReason.shutdown());
    }

    @OtpTest
    void theOwnersExitClosesTheCacheWhateverTheReason(Node node) throws Exception {
        for (ExitReason ownerReason : List.of(ExitReason.normal(), ExitReason.custom("boom"), ExitReason.kill())) {
            CompletableFuture<Cache<String, Integer>> started = new CompletableFuture<>();
            Pid owner = node.spawn(self -> {
                started.complete(Cache.start(self, CacheOptions.defaults()));
                End end = self.receive(End.class);
                self.exit(end.reason());
            });
            Cache<String, Integer> cache = get(started);
            cache.put("a", 1);
            TestProbe probe = TestProbe.spawn(node);
            probe.watch(cache.pid());
            if (ownerReason.equals(ExitReason.kill())) {
                node.exit(owner, ownerReason);
            } else {
                node.send(owner, new End(ownerReason));
            }
            ExitReason seen = ownerReason.equals(ExitReason.kill()) ? ExitReason.killed() : ownerReason;
            ExitReason cacheReason = ExitReason.shutdown(new OwnerExited(owner, seen));
            probe.expectDown(cache.pid(), cacheReason);
            assertClosed(cache, cacheReason);
        }
    }

    @OtpTest
    void aCacheWhoseOwnerIsAlreadyGoneClosesAtOnce(Node node) throws Exception {
        CompletableFuture<Cache<String, Integer>> started = new CompletableFuture<>();
        Pid owner = node.spawn(self -> started.complete(Cache.start(self, CacheOptions.defaults())));
        Cache<String, Integer> cache = get(started);
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(cache.pid());
        // The owner exited right after starting the cache, maybe before its monitor was set: either way it goes.
        probe.expectDown(cache.pid());
        assertThat(cache.isOpen()).isFalse();
        assertThat(cache.exitReason().orElseThrow())
                .isIn(
                        ExitReason.shutdown(new OwnerExited(owner, ExitReason.normal())),
                        ExitReason.shutdown(new OwnerExited(owner, ExitReason.noproc())));
    }

    @OtpTest
    void anUnownedCacheOutlivesTheProcessThatStartedIt(Node node) throws Exception {
        CompletableFuture<Cache<String, Integer>> started = new CompletableFuture<>();
        Pid starter = node.spawn(self -> started.complete(Cache.start(self.node(), CacheOptions.defaults())));
        Cache<String, Integer> cache = get(started);
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(starter);
        probe.expectDown(starter); // gone (normal, or noproc if it went before the watch)
        cache.put("a", 1);
        assertThat(cache.get("a")).contains(1);
    }

    @OtpTest
    void aLinkedCacheGoesWithAParentThatCrashes(Node node) throws Exception {
        CompletableFuture<Cache<String, Integer>> started = new CompletableFuture<>();
        Pid parent = node.spawn(self -> {
            started.complete(Cache.startLink(self, CacheOptions.defaults()));
            self.exit(self.receive(End.class).reason());
        });
        Cache<String, Integer> cache = get(started);
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(cache.pid());
        node.send(parent, new End(ExitReason.custom("boom")));
        // The link or the owner's monitor, whichever comes first, ends the cache.
        ExitReason reason = probe.expectDown(cache.pid()).reason();
        assertThat(reason)
                .isIn(
                        ExitReason.custom("boom"),
                        ExitReason.shutdown(new OwnerExited(parent, ExitReason.custom("boom"))));
        assertClosed(cache, reason);
    }

    @OtpTest
    void aLinkedCacheBehavesAsASupervisorsChild(Node node) throws Exception {
        // A stand-in for a supervisor: it traps exits, starts the cache with startLink, and is told of its exits.
        TestProbe watcher = TestProbe.spawn(node);
        CompletableFuture<Cache<String, Integer>> first = new CompletableFuture<>();
        CompletableFuture<Cache<String, Integer>> second = new CompletableFuture<>();
        CompletableFuture<Cache<String, Integer>> third = new CompletableFuture<>();
        List<CompletableFuture<Cache<String, Integer>>> starts = List.of(first, second, third);
        CacheOptions<Object, Object> options = CacheOptions.defaults().withName("sessions");
        Pid supervisor = node.spawn(self -> {
            self.trapExits(true);
            for (CompletableFuture<Cache<String, Integer>> start : starts) {
                Cache<String, Integer> child = Cache.startLink(self, SESSIONS, options);
                start.complete(child);
                Exit exit = self.receive(Exit.class);
                self.send(watcher.pid(), exit);
            }
        });
        Cache<String, Integer> cache = get(first);
        assertThat(Cache.whereis(node, "sessions", SESSIONS)).containsSame(cache);
        cache.put("a", 1);

        node.exit(cache.pid(), ExitReason.kill()); // the child crashes
        assertThat(watcher.expectMessage(Exit.class)).isEqualTo(new Exit(cache.pid(), ExitReason.killed()));
        assertClosed(cache, ExitReason.killed());

        Cache<String, Integer> restarted = get(second); // restarted under the same name, empty
        assertThat(restarted.pid()).isNotEqualTo(cache.pid());
        assertThat(Cache.whereis(node, "sessions", SESSIONS)).containsSame(restarted);
        assertThat(restarted.get("a")).isEmpty();

        node.exit(restarted.pid(), ExitReason.shutdown()); // the supervisor's shutdown of a child
        assertThat(watcher.expectMessage(Exit.class)).isEqualTo(new Exit(restarted.pid(), ExitReason.shutdown()));
        assertClosed(restarted, ExitReason.shutdown());

        Cache<String, Integer> last = get(third);
        last.stop();
        assertThat(watcher.expectMessage(Exit.class)).isEqualTo(new Exit(last.pid(), ExitReason.normal()));
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(supervisor);
        probe.expectDown(supervisor); // its loop is over: gone (normal, or noproc if it went before the watch)
    }

    @OtpTest
    void aTakenNameIsRefusedAndStartsNothing(Node node) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withName("users"));
        assertThat(cache.name()).contains("users");
        int processes = node.processCount();
        assertThatThrownBy(() -> Cache.start(node, CacheOptions.defaults().withName("users")))
                .isInstanceOf(NameTakenException.class)
                .hasMessageContaining("\"users\"");
        assertThat(node.processCount()).isEqualTo(processes);
        assertThat(Cache.whereis(node, "nobody")).isEmpty();
        cache.stop();
        assertThat(Cache.whereis(node, "users")).isEmpty();
        Cache<String, Integer> again = Cache.start(node, CacheOptions.defaults().withName("users"));
        assertThat(Cache.whereis(node, "users")).containsSame(again);
    }

    @OtpTest
    void aTypedLookupFindsOnlyACacheStartedWithItsType(Node node) {
        CacheType<String, Integer> stockType = CacheType.declare("stock");
        CacheType<String, Integer> otherType = CacheType.declare("other");
        Cache<String, Integer> stock =
                Cache.start(node, stockType, CacheOptions.defaults().withName("stock"));
        Cache<String, Integer> untyped =
                Cache.start(node, CacheOptions.defaults().withName("untyped"));
        Cache<String, Integer> other = Cache.start(node, otherType, CacheOptions.defaults());

        assertThat(Cache.of(stock.pid(), stockType)).containsSame(stock);
        assertThat(Cache.of(untyped.pid(), stockType)).isEmpty();
        assertThat(Cache.of(other.pid(), stockType)).isEmpty();
        assertThat(Cache.of(other.pid(), otherType)).containsSame(other);
        assertThat(Cache.whereis(node, "stock", stockType)).containsSame(stock);
        assertThat(Cache.whereis(node, "untyped", stockType)).isEmpty();
        assertThat(Cache.whereis(node, "untyped")).containsSame(untyped);
        assertThat(Cache.whereis(node, "nobody", stockType)).isEmpty();
        assertThat(stockType).hasToString("CacheType[stock]");

        stock.stop();
        assertThat(Cache.of(stock.pid(), stockType)).isEmpty();
    }

    @OtpTest
    void aStrayMessageIsIgnored(Node node) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        node.send(cache.pid(), "hello");
        cache.put("a", 1);
        assertThat(node.info(cache.pid())).isPresent();
        assertThat(cache.get("a")).contains(1);
    }

    @OtpTest
    void aListenerMayStopItsOwnCache(Node node, ManualClock clock) {
        CompletableFuture<Cache<String, Integer>> self = new CompletableFuture<>();
        Consumer<String> stopper = key -> self.join().stop();
        Cache<String, Integer> cache = Cache.start(
                node,
                CacheOptions.defaults()
                        .withTtl(Duration.ofSeconds(1))
                        .withRemovalListener((String key, Integer value, RemovalCause cause) -> stopper.accept(key)));
        self.complete(cache);
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(cache.pid());
        cache.put("a", 1);
        clock.advance(Duration.ofSeconds(3)); // the cache's process expires "a"; its listener stops the cache
        probe.expectDown(cache.pid(), ExitReason.normal());
        assertClosed(cache, ExitReason.normal());
    }
}
