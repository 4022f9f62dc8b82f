package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Exit;
import io.otp4j.process.NameTakenException;
import io.otp4j.process.Node;
import io.otp4j.process.NodeClosedException;
import io.otp4j.testing.Actor;
import io.otp4j.testing.NullArguments;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear exception naming the problem; nothing half-done is left behind. */
class RegistryBadInputTest {

    private final Node node = Node.start("registry-bad-input");

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void optionsAreChecked() {
        assertThatThrownBy(() -> RegistryOptions.unique().withPartitions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> RegistryOptions.unique().withPartitions(RegistryOptions.MAX_PARTITIONS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(RegistryOptions.MAX_PARTITIONS + 1));
        assertThatThrownBy(() -> RegistryOptions.unique().withListener(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listener");
        assertThatThrownBy(() -> RegistryOptions.unique().withMeta("k", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("meta value");
        assertThatThrownBy(() -> new RegistryOptions(null, 1, List.of(), List.of(), Map.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("keys");
    }

    @Test
    void aRegistryNeedsAFreeNonBlankNameAndAnOpenNode() {
        assertThatThrownBy(() -> Registry.start(node, "  ", RegistryOptions.unique()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name");
        Registry.start(node, "taken", RegistryOptions.unique());
        int processes = node.processCount();
        assertThatThrownBy(() -> Registry.start(node, "taken", RegistryOptions.unique()))
                .isInstanceOf(NameTakenException.class)
                .hasMessageContaining("taken/0");
        assertThat(node.processCount()).isEqualTo(processes);

        Node closed = Node.start("registry-closed");
        closed.close();
        assertThatThrownBy(() -> Registry.start(closed, "late", RegistryOptions.unique()))
                .isInstanceOf(NodeClosedException.class);
    }

    @Test
    void aTakenPartitionNameFailsTheStartAndLeavesNothingBehind() throws Exception {
        Actor squatter = Actor.spawn(node);
        node.register("crowded/2", squatter.pid());
        int processes = node.processCount();
        CompletableFuture<RuntimeException> failed = new CompletableFuture<>();
        CompletableFuture<Optional<Object>> signal = new CompletableFuture<>();
        node.spawn(self -> {
            self.trapExits(true);
            try {
                Registry.startLink(self, "crowded", RegistryOptions.unique().withPartitions(3));
            } catch (RuntimeException e) {
                failed.complete(e);
            }
            signal.complete(
                    self.receive(m -> m instanceof Exit exit && !exit.reason().isNormal(), Duration.ofMillis(100)));
        });

        assertThat(failed.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS))
                .isInstanceOf(NameTakenException.class)
                .hasMessageContaining("crowded/2");
        assertThat(signal.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS)).isEmpty(); // the parent was not hit
        Within.eventually(
                "the partitions started before the failure are gone",
                () -> node.whereis("crowded/0").isEmpty()
                        && node.whereis("crowded/1").isEmpty());
        assertThat(node.whereis("crowded/2")).contains(squatter.pid());
        Within.eventually("only the test's processes are left", () -> node.processCount() == processes);
    }

    @Test
    @SuppressWarnings("NullAway") // passing and returning null on purpose
    void nullsAreRejectedByName() {
        Registry<String, String> registry = Registry.start(node, "nulls", RegistryOptions.unique());
        Actor ada = Actor.spawn(node);
        assertThatThrownBy(() -> ada.run(self -> {
                    registry.register(self, null, "v");
                    return null;
                }))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> ada.run(self -> {
                    registry.register(self, "k", null);
                    return null;
                }))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("value");
        assertThatThrownBy(() -> registry.lookup(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("key");
        assertThatThrownBy(() -> registry.select(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("filter");
        assertThatThrownBy(() -> registry.dispatch("k", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("action");
        assertThatThrownBy(() -> registry.putMeta("k", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("value");
        // No entry: the function is not even called.
        Optional<Registry.ValueUpdate<String>> none = ada.run(self -> registry.updateValue(self, "k", v -> null));
        assertThat(none).isEmpty();
        ada.run(self -> {
            registry.register(self, "k", "v");
            return null;
        });
        assertThatThrownBy(() -> ada.run(self -> registry.updateValue(self, "k", v -> null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("updateValue");
        assertThat(registry.lookup("k")).containsExactly(new Entry<>("k", ada.pid(), "v"));
    }

    @Test
    void aProcessOfAnotherNodeCannotRegister() {
        Registry<String, String> registry = Registry.start(node, "local", RegistryOptions.unique());
        try (Node other = Node.start("registry-other")) {
            Actor stranger = Actor.spawn(other);
            assertThatThrownBy(() -> stranger.run(self -> {
                        registry.register(self, "k", "v");
                        return null;
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("registry-other")
                    .hasMessageContaining("local");
        }
        assertThat(registry.count()).isZero();
    }

    @Test
    void everyOptionsBuilderNamesItsNullArgument() {
        assertThat(NullArguments.check().builders(RegistryOptions.unique()))
                .contains(
                        "RegistryOptions.withListener(listener = null)",
                        "RegistryOptions.withListener(name = null)",
                        "RegistryOptions.withMeta(key = null)",
                        "RegistryOptions.withMeta(value = null)");
    }
}
