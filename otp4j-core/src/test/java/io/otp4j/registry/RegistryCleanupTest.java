package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.registry.RegistryEvent.Registered;
import io.otp4j.registry.RegistryEvent.Unregistered;
import io.otp4j.testing.Actor;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Entries go away with their process, however it exits; listeners hear of it; partitions share the watching; the
 * registry itself lives and dies as processes.
 */
class RegistryCleanupTest {

    private final Node node = Node.start("registry-cleanup");

    @AfterEach
    void close() {
        node.close();
    }

    /** How a registrant ends. */
    enum Ending {
        NORMAL(ExitReason.normal()),
        CRASH(ExitReason.custom("boom")),
        KILL(ExitReason.kill());

        final ExitReason reason;

        Ending(ExitReason reason) {
            this.reason = reason;
        }
    }

    private static <K, V> void register(Actor actor, Registry<K, V> registry, K key, V value) {
        actor.run(self -> {
            registry.register(self, key, value);
            return null;
        });
    }

    /** Ends {@code actor} as told; {@code kill} is an exit signal from outside, the others its own exit. */
    private void end(Actor actor, Ending ending) {
        if (ending == Ending.KILL) {
            node.exit(actor.pid(), ExitReason.kill());
        } else {
            actor.exit(ending.reason);
        }
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void entriesGoAwayWhenTheirProcessExits(Ending ending) {
        Actor listener = Actor.spawn(node);
        Registry<String, String> registry =
                Registry.start(node, "cleanup", RegistryOptions.duplicate().withListener(listener.pid()));
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        register(ada, registry, "room", "ada");
        register(ada, registry, "hall", "ada");
        register(bob, registry, "room", "bob");
        assertThat(listener.expect(Registered.class).pid()).isEqualTo(ada.pid());
        assertThat(listener.expect(Registered.class).pid()).isEqualTo(ada.pid());
        assertThat(listener.expect(Registered.class).pid()).isEqualTo(bob.pid());

        end(ada, ending);

        Set<Object> gone = new HashSet<>();
        gone.add(listener.expect(Unregistered.class).key());
        gone.add(listener.expect(Unregistered.class).key());
        assertThat(gone).containsExactlyInAnyOrder("room", "hall");
        assertThat(registry.lookup("room")).containsExactly(new Entry<>("room", bob.pid(), "bob"));
        assertThat(registry.lookup("hall")).isEmpty();
        assertThat(registry.keys(ada.pid())).isEmpty();
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void listenersHearOfRegistrationsAndUnregistrationsInOrder() {
        Actor listener = Actor.spawn(node);
        node.register("audit", Actor.spawn(node).pid());
        Actor byName = Actor.spawn(node);
        node.unregister("audit");
        node.register("audit", byName.pid());
        Registry<String, Integer> registry = Registry.start(
                node,
                "heard",
                RegistryOptions.unique().withListener(listener.pid()).withListener("audit"));
        Actor ada = Actor.spawn(node);

        register(ada, registry, "k", 1);
        ada.run(self -> registry.updateValue(self, "k", n -> n + 1)); // not an event
        ada.run(self -> {
            registry.unregister(self, "k");
            return null;
        });

        for (Actor a : List.of(listener, byName)) {
            assertThat(a.expect(Registered.class)).isEqualTo(new Registered("heard", "k", ada.pid(), 1));
            assertThat(a.expect(Unregistered.class)).isEqualTo(new Unregistered("heard", "k", ada.pid()));
            a.expectNothing(Duration.ofMillis(50));
        }
    }

    @Test
    void aListenerNameNoOneHoldsIsSkipped() {
        Registry<String, Integer> registry =
                Registry.start(node, "nobody-listens", RegistryOptions.unique().withListener("nobody"));
        Actor ada = Actor.spawn(node);
        register(ada, registry, "k", 1);
        assertThat(registry.whereis("k")).contains(ada.pid());
    }

    @Test
    void aRegistrantThatDiesBeforeItsPartitionWatchesItIsStillCleanedUp() {
        Actor listener = Actor.spawn(node);
        Registry<String, String> registry =
                Registry.start(node, "race", RegistryOptions.unique().withListener(listener.pid()));
        Pid partition = registry.partitions().get(0);
        // Hold the partition so the registrant's request to be watched waits in its mailbox.
        node.suspend(partition);
        Actor ada = Actor.spawn(node);
        register(ada, registry, "k", "v");
        listener.expect(Registered.class);
        CompletableFuture<Down> down = watch(ada.pid());
        node.exit(ada.pid(), ExitReason.kill());
        assertThat(await(down).reason()).isEqualTo(ExitReason.killed());
        // Dead, but not yet cleaned up: lookups already skip it, counting does not.
        assertThat(registry.lookup("k")).isEmpty();
        assertThat(registry.count()).isEqualTo(1);

        node.resume(partition); // the monitor now set on a dead process fires at once, with noproc

        assertThat(listener.expect(Unregistered.class)).isEqualTo(new Unregistered("race", "k", ada.pid()));
        assertThat(registry.count()).isZero();
        assertThat(registry.keys(ada.pid())).isEmpty();
    }

    @Test
    void aUniqueKeyOfAProcessNoLongerAliveCanBeTakenAtOnce() {
        Actor listener = Actor.spawn(node);
        Registry<String, String> registry =
                Registry.start(node, "takeover", RegistryOptions.unique().withListener(listener.pid()));
        Pid partition = registry.partitions().get(0);
        Actor ada = Actor.spawn(node);
        register(ada, registry, "k", "ada");
        listener.expect(Registered.class);
        node.suspend(partition); // no cleanup until resumed
        CompletableFuture<Down> down = watch(ada.pid());
        node.exit(ada.pid(), ExitReason.kill());
        await(down);

        Actor bob = Actor.spawn(node);
        register(bob, registry, "k", "bob");

        assertThat(listener.expect(Unregistered.class)).isEqualTo(new Unregistered("takeover", "k", ada.pid()));
        assertThat(listener.expect(Registered.class)).isEqualTo(new Registered("takeover", "k", bob.pid(), "bob"));
        node.resume(partition);
        // Ada's late cleanup must not remove bob's entry. The partition has three messages to take: ada's Watch
        // (before the suspend), then ada's Down and bob's Watch.
        Within.eventually(
                "the partition handled ada's Down",
                () -> node.info(partition).orElseThrow().messagesHandled() >= 3);
        assertThat(registry.lookup("k")).containsExactly(new Entry<>("k", bob.pid(), "bob"));
        assertThat(registry.count()).isEqualTo(1);
        listener.expectNothing(Duration.ofMillis(50));
    }

    @Test
    void partitionsShareTheRegistrantsAndEachCleansUpItsOwn() {
        int partitions = 4;
        Registry<Integer, Integer> registry =
                Registry.start(node, "parts", RegistryOptions.unique().withPartitions(partitions));
        List<Actor> actors = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> Actor.spawn(node))
                .toList();
        for (int i = 0; i < actors.size(); i++) {
            register(actors.get(i), registry, i, i);
        }
        Set<Pid> watchers = new HashSet<>();
        for (Actor a : actors) {
            watchers.add(registry.partitionOf(a.pid()));
        }
        assertThat(watchers).hasSize(partitions).isEqualTo(Set.copyOf(registry.partitions()));
        assertThat(registry.count()).isEqualTo(40);

        for (Actor a : actors) {
            node.exit(a.pid(), ExitReason.kill());
        }

        Within.eventually("every entry is cleaned up", () -> registry.count() == 0);
        for (int i = 0; i < actors.size(); i++) {
            assertThat(registry.lookup(i)).isEmpty();
        }
    }

    @Test
    void stopEndsThePartitionsAndEveryOperation() {
        Registry<String, String> registry =
                Registry.start(node, "stopping", RegistryOptions.unique().withPartitions(2));
        List<Pid> partitions = registry.partitions();
        Actor ada = Actor.spawn(node);
        register(ada, registry, "k", "v");

        registry.stop();

        assertThat(registry.isRunning()).isFalse();
        assertThat(partitions).noneMatch(node::isAlive);
        assertThat(node.whereis("stopping/0")).isEmpty();
        assertThatThrownBy(() -> registry.lookup("k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping")
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> register(ada, registry, "k2", "v")).isInstanceOf(IllegalStateException.class);
        registry.stop(); // again: nothing to do
        // The name is free for a new registry.
        Registry<String, String> again = Registry.start(node, "stopping", RegistryOptions.unique());
        assertThat(again.isRunning()).isTrue();
    }

    @Test
    void aPartitionThatDiesTakesTheRegistryWithIt() {
        Registry<String, String> registry =
                Registry.start(node, "fragile", RegistryOptions.unique().withPartitions(3));
        List<Pid> partitions = registry.partitions();
        List<CompletableFuture<Down>> downs =
                partitions.stream().map(this::watch).toList();

        node.exit(partitions.get(2), ExitReason.kill());

        for (CompletableFuture<Down> down : downs) {
            await(down);
        }
        assertThat(registry.isRunning()).isFalse();
        assertThatThrownBy(registry::count).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startLinkLinksTheRegistryToItsParent() {
        CompletableFuture<Exit> exit = new CompletableFuture<>();
        CompletableFuture<Registry<String, String>> started = new CompletableFuture<>();
        node.spawn(self -> {
            self.trapExits(true);
            started.complete(Registry.startLink(self, "linked", RegistryOptions.unique()));
            exit.complete(self.receive(Exit.class));
        });
        Registry<String, String> registry = await(started);

        node.exit(registry.partitions().get(0), ExitReason.custom("bad day"));

        Exit received = await(exit);
        assertThat(received.from()).isEqualTo(registry.partitions().get(0));
        assertThat(received.reason()).isEqualTo(ExitReason.custom("bad day"));
    }

    @Test
    void closingTheNodeStopsTheRegistry() {
        Node other = Node.start("registry-closing");
        Registry<String, String> registry = Registry.start(other, "closing", RegistryOptions.unique());
        other.close();
        assertThat(registry.isRunning()).isFalse();
    }

    private CompletableFuture<Down> watch(Pid pid) {
        CompletableFuture<MonitorRef> monitoring = new CompletableFuture<>();
        CompletableFuture<Down> down = new CompletableFuture<>();
        node.spawn((ProcessContext self) -> {
            monitoring.complete(self.monitor(pid));
            down.complete(self.receive(Down.class));
        });
        await(monitoring);
        return down;
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            throw new AssertionError("nothing within " + Within.WAIT, e);
        }
    }
}
