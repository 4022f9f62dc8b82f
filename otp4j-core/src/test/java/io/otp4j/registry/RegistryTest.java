package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a registry holds and tells: unique and duplicate keys, lookups, keys, values, selection, metadata. */
class RegistryTest {

    private final Node node = Node.start("registry-test");

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aUniqueKeyNamesOneProcess() {
        Registry<String, Integer> registry = Registry.start(node, "unique", RegistryOptions.unique());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);

        assertThat(registry.lookup("room")).isEmpty();
        ada.run(self -> {
            registry.register(self, "room", 1);
            return null;
        });

        assertThat(registry.lookup("room")).containsExactly(new Entry<>("room", ada.pid(), 1));
        assertThat(registry.whereis("room")).contains(ada.pid());
        assertThatThrownBy(() -> bob.run(self -> {
                    registry.register(self, "room", 2);
                    return null;
                }))
                .isInstanceOf(AlreadyRegisteredException.class)
                .hasMessageContaining("room")
                .hasMessageContaining(ada.pid().toString())
                .satisfies(e ->
                        assertThat(((AlreadyRegisteredException) e).holder()).isEqualTo(ada.pid()));
        // As in Elixir: registering a key one already holds is also an error, naming oneself.
        assertThatThrownBy(() -> ada.run(self -> {
                    registry.register(self, "room", 3);
                    return null;
                }))
                .isInstanceOf(AlreadyRegisteredException.class)
                .satisfies(e ->
                        assertThat(((AlreadyRegisteredException) e).holder()).isEqualTo(ada.pid()));
        assertThat(registry.lookup("room")).containsExactly(new Entry<>("room", ada.pid(), 1));
        assertThat(registry.count()).isEqualTo(1);
    }

    @Test
    void aDuplicateKeyNamesManyProcessesAndOneProcessManyTimes() {
        Registry<String, String> registry = Registry.start(node, "topics", RegistryOptions.duplicate());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        ada.run(self -> {
            registry.register(self, "news", "a1");
            registry.register(self, "news", "a2");
            return null;
        });
        bob.run(self -> {
            registry.register(self, "news", "b1");
            registry.register(self, "sport", "b2");
            return null;
        });

        assertThat(registry.lookup("news"))
                .containsExactlyInAnyOrder(
                        new Entry<>("news", ada.pid(), "a1"),
                        new Entry<>("news", ada.pid(), "a2"),
                        new Entry<>("news", bob.pid(), "b1"));
        assertThat(registry.count()).isEqualTo(4);
        assertThat(registry.keys(ada.pid())).containsExactly("news", "news");
        assertThat(registry.keys(bob.pid())).containsExactlyInAnyOrder("news", "sport");
        assertThat(registry.values("news", ada.pid())).containsExactlyInAnyOrder("a1", "a2");
        assertThat(registry.values("sport", ada.pid())).isEmpty();

        ada.run(self -> {
            registry.unregister(self, "news");
            return null;
        });
        assertThat(registry.lookup("news")).containsExactly(new Entry<>("news", bob.pid(), "b1"));
        assertThat(registry.keys(ada.pid())).isEmpty();
        assertThat(registry.count()).isEqualTo(2);
    }

    @Test
    void unregisterTouchesOnlyTheCallersEntries() {
        Registry<String, String> registry = Registry.start(node, "mine", RegistryOptions.unique());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        ada.run(self -> {
            registry.register(self, "a", "x");
            return null;
        });
        bob.run(self -> {
            registry.unregister(self, "a"); // bob does not hold it: nothing happens
            registry.unregister(self, "never-registered");
            return null;
        });
        assertThat(registry.lookup("a")).hasSize(1);
        ada.run(self -> {
            registry.unregister(self, "a");
            return null;
        });
        assertThat(registry.lookup("a")).isEmpty();
        bob.run(self -> {
            registry.register(self, "a", "y"); // free again
            return null;
        });
        assertThat(registry.whereis("a")).contains(bob.pid());
    }

    @Test
    void unregisterMatchRemovesTheMatchingEntriesOfTheCaller() {
        Registry<String, Integer> registry = Registry.start(node, "match", RegistryOptions.duplicate());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        ada.run(self -> {
            for (int i = 1; i <= 4; i++) {
                registry.register(self, "n", i);
            }
            return null;
        });
        bob.run(self -> {
            registry.register(self, "n", 2);
            return null;
        });

        int removed = ada.run(self -> registry.unregisterMatch(self, "n", v -> v % 2 == 0));

        assertThat(removed).isEqualTo(2);
        assertThat(registry.values("n", ada.pid())).containsExactlyInAnyOrder(1, 3);
        assertThat(registry.values("n", bob.pid())).containsExactly(2);
    }

    @Test
    void updateValueChangesTheCallersOwnValue() {
        Registry<String, Integer> registry = Registry.start(node, "update", RegistryOptions.unique());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        ada.run(self -> {
            registry.register(self, "hits", 1);
            return null;
        });

        Optional<Registry.ValueUpdate<Integer>> update =
                ada.run(self -> registry.updateValue(self, "hits", n -> n + 1));
        Optional<Registry.ValueUpdate<Integer>> notHis = bob.run(self -> registry.updateValue(self, "hits", n -> 99));
        Optional<Registry.ValueUpdate<Integer>> noKey = ada.run(self -> registry.updateValue(self, "other", n -> 99));

        assertThat(update).contains(new Registry.ValueUpdate<>(2, 1));
        assertThat(notHis).isEmpty();
        assertThat(noKey).isEmpty();
        assertThat(registry.lookup("hits")).containsExactly(new Entry<>("hits", ada.pid(), 2));
    }

    @Test
    void updateValueNeedsUniqueKeys() {
        Registry<String, Integer> registry = Registry.start(node, "dup-update", RegistryOptions.duplicate());
        Actor ada = Actor.spawn(node);
        assertThatThrownBy(() -> ada.run(self -> registry.updateValue(self, "k", n -> n)))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("dup-update");
    }

    @Test
    void matchCountAndSelect() {
        Registry<String, Integer> registry = Registry.start(node, "select", RegistryOptions.duplicate());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        ada.run(self -> {
            registry.register(self, "x", 1);
            registry.register(self, "x", 10);
            registry.register(self, "y", 5);
            return null;
        });
        bob.run(self -> {
            registry.register(self, "x", 20);
            return null;
        });

        assertThat(registry.match("x", v -> v >= 10))
                .containsExactlyInAnyOrder(new Entry<>("x", ada.pid(), 10), new Entry<>("x", bob.pid(), 20));
        assertThat(registry.countMatch("x", v -> v >= 10)).isEqualTo(2);
        assertThat(registry.countMatch("y", v -> v >= 10)).isZero();
        assertThat(registry.select(e -> e.value() >= 5 && e.pid().equals(ada.pid())))
                .containsExactlyInAnyOrder(new Entry<>("x", ada.pid(), 10), new Entry<>("y", ada.pid(), 5));
        assertThat(registry.select(e -> e.key().equals("y"))).containsExactly(new Entry<>("y", ada.pid(), 5));
        assertThat(registry.countSelect(e -> true)).isEqualTo(4).isEqualTo(registry.count());
    }

    @Test
    void dispatchRunsOnTheCallerWithTheEntriesUnderTheKey() {
        Registry<String, String> registry = Registry.start(node, "pubsub", RegistryOptions.duplicate());
        Actor ada = Actor.spawn(node);
        Actor bob = Actor.spawn(node);
        Actor eve = Actor.spawn(node);
        for (Actor subscriber : List.of(ada, bob)) {
            subscriber.run(self -> {
                registry.register(self, "news", "subscriber");
                return null;
            });
        }
        eve.run(self -> {
            registry.register(self, "sport", "subscriber");
            return null;
        });

        List<Pid> reached = new ArrayList<>();
        registry.dispatch("news", entries -> {
            for (Entry<String, String> entry : entries) {
                reached.add(entry.pid());
                node.send(entry.pid(), "extra! extra!");
            }
        });
        List<Object> calls = new ArrayList<>();
        registry.dispatch("weather", calls::add); // no entries: not called at all

        assertThat(reached).containsExactlyInAnyOrder(ada.pid(), bob.pid());
        assertThat(calls).isEmpty();
        assertThat(ada.expect(String.class)).isEqualTo("extra! extra!");
        assertThat(bob.expect(String.class)).isEqualTo("extra! extra!");
        eve.expectNothing(java.time.Duration.ofMillis(50));
    }

    @Test
    void metadataIsSetAtStartAndChangedLater() {
        Registry<String, String> registry =
                Registry.start(node, "meta", RegistryOptions.unique().withMeta("owner", "ops"));

        assertThat(registry.meta("owner")).contains("ops");
        assertThat(registry.meta("missing")).isEmpty();
        registry.putMeta("owner", "dev");
        registry.putMeta("version", 2);
        assertThat(registry.meta("owner")).contains("dev");
        assertThat(registry.meta("version")).contains(2);
        registry.deleteMeta("owner");
        assertThat(registry.meta("owner")).isEmpty();
    }

    @Test
    void theRegistryIsProcessesOnItsNode() {
        Registry<String, String> registry =
                Registry.start(node, "procs", RegistryOptions.unique().withPartitions(3));

        assertThat(registry.partitions())
                .hasSize(3)
                .allSatisfy(pid -> assertThat(node.isAlive(pid)).isTrue());
        assertThat(node.whereis("procs/0")).contains(registry.partitions().get(0));
        assertThat(node.whereis("procs/2")).contains(registry.partitions().get(2));
        assertThat(registry.keys()).isEqualTo(Keys.UNIQUE);
        assertThat(registry.name()).isEqualTo("procs");
        assertThat(registry.toString()).contains("procs", "UNIQUE", "3");
    }
}
