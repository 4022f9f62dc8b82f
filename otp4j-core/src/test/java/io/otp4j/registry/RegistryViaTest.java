package io.otp4j.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.Sys;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.registry.Session.History;
import io.otp4j.registry.Session.Say;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** GenServers named by registry keys: started, called and cast to by the key; a taken key; restarts. */
class RegistryViaTest {

    private final Node node = Node.start("registry-via");
    private final Registry<String, String> registry = Registry.start(node, "sessions", RegistryOptions.unique());

    @AfterEach
    void close() {
        node.close();
    }

    private GenServerRef<Session.Request<?>, Session.Message> start(ViaName name) {
        return GenServer.start(node, new Session(), StartOptions.defaults().withName(name));
    }

    @Test
    void aServerStartsUnderAKeyAndIsCalledAndCastToByIt() {
        ViaName ada = registry.via("ada", "web");
        GenServerRef<Session.Request<?>, Session.Message> started = start(ada);

        assertThat(registry.lookup("ada")).containsExactly(new Entry<>("ada", started.pid(), "web"));
        GenServerRef<Session.Request<?>, Session.Message> byName = GenServerRef.via(ada, Session.TYPE);
        byName.cast(new Say("hello"));
        byName.cast(new Say("world"));
        assertThat(byName.call(new History())).containsExactly("hello", "world");
        assertThat(byName.pid()).isEqualTo(started.pid());
        assertThat(byName.node()).isSameAs(node);
        assertThat(byName.isAlive()).isTrue();
        assertThat(Sys.getState(byName)).isEqualTo(List.of("hello", "world"));
        assertThat(GenServerRef.whereis(ada, Session.TYPE)).contains(started);
        assertThat(byName)
                .isEqualTo(GenServerRef.via(registry.via("ada", "other value"), Session.TYPE))
                .isNotEqualTo(started);
        assertThat(byName.toString()).contains("sessions", "ada");
    }

    @Test
    void aTakenKeyFailsTheStartNamingTheHolder() {
        GenServerRef<Session.Request<?>, Session.Message> first = start(registry.via("ada", "first"));
        int processes = node.processCount();

        assertThatThrownBy(() -> start(registry.via("ada", "second")))
                .isInstanceOf(StartException.class)
                .hasMessageContaining("ada")
                .hasMessageContaining(first.pid().toString())
                .satisfies(e -> assertThat(((StartException) e).holder()).contains(first.pid()));

        assertThat(node.processCount()).isEqualTo(processes); // the second server's process is gone
        assertThat(registry.lookup("ada")).containsExactly(new Entry<>("ada", first.pid(), "first"));
    }

    @Test
    void aTakenKeyDoesNotSignalALinkedStarter() throws Exception {
        GenServerRef<Session.Request<?>, Session.Message> first = start(registry.via("ada", "first"));
        CompletableFuture<StartException> failed = new CompletableFuture<>();
        CompletableFuture<Optional<Object>> after = new CompletableFuture<>();
        node.spawn(self -> {
            self.trapExits(true);
            try {
                GenServer.startLink(
                        self, new Session(), StartOptions.defaults().withName(registry.via("ada", "second")));
            } catch (StartException e) {
                failed.complete(e);
            }
            after.complete(self.receive(m -> m instanceof Exit, Duration.ofMillis(100)));
        });

        assertThat(failed.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS).holder())
                .contains(first.pid());
        assertThat(after.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS)).isEmpty();
    }

    @Test
    void aReferenceByNameFollowsTheNameAcrossRestarts() {
        ViaName ada = registry.via("ada", "web");
        GenServerRef<Session.Request<?>, Session.Message> byName = GenServerRef.via(ada, Session.TYPE);
        assertThat(byName.isAlive()).isFalse();
        assertThatThrownBy(() -> byName.call(new History()))
                .isInstanceOf(ServerNotFoundException.class)
                .hasMessageContaining("ada")
                .satisfies(e -> assertThat(((ServerNotFoundException) e).name()).isEqualTo(ada));
        byName.cast(new Say("into the void")); // dropped, as a cast to a dead server is

        GenServerRef<Session.Request<?>, Session.Message> first = start(ada);
        byName.cast(new Say("one"));
        assertThat(byName.call(new History())).containsExactly("one");
        first.stop();
        Within.eventually("the stopped server's entry is gone", () -> registry.count() == 0);
        assertThatThrownBy(() -> byName.call(new History())).isInstanceOf(ServerNotFoundException.class);

        GenServerRef<Session.Request<?>, Session.Message> second = start(ada);
        assertThat(byName.call(new History())).isEmpty();
        assertThat(byName.pid()).isEqualTo(second.pid()).isNotEqualTo(first.pid());
    }

    @Test
    void aKilledServersKeyCanBeTakenAtOnce() {
        ViaName ada = registry.via("ada", "web");
        GenServerRef<Session.Request<?>, Session.Message> first = start(ada);
        node.exit(first.pid(), ExitReason.kill());
        assertThat(node.isAlive(first.pid())).isFalse(); // at once, as erlang:is_process_alive/1

        // Its entry may not be cleaned up yet; a new server takes the key all the same.
        GenServerRef<Session.Request<?>, Session.Message> second = start(ada);

        assertThat(GenServerRef.via(ada, Session.TYPE).pid()).isEqualTo(second.pid());
        assertThat(registry.lookup("ada")).containsExactly(new Entry<>("ada", second.pid(), "web"));
    }

    @Test
    void viaNamesNeedUniqueKeys() {
        Registry<String, String> groups = Registry.start(node, "groups", RegistryOptions.duplicate());
        assertThatThrownBy(() -> groups.via("ada", "web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups")
                .hasMessageContaining("unique");
    }

    @Test
    void aServerHasOneName() {
        ViaName ada = registry.via("ada", "web");
        StartOptions both = StartOptions.defaults().withName(ada);
        assertThat(both.withName("local").via()).isEmpty();
        assertThat(StartOptions.defaults().withName("local").withName(ada).name())
                .isEmpty();
        assertThatThrownBy(() -> new StartOptions(
                        Optional.of("local"),
                        Duration.ofSeconds(1),
                        both.mailbox(),
                        Optional.of(ada),
                        Optional.empty(),
                        false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("local")
                .hasMessageContaining("ada");
    }

    @Test
    void aServerByNameThatCrashesInInitFailsTheStartAndFreesTheKey() {
        ViaName ada = registry.via("ada", "web");
        assertThatThrownBy(() -> GenServer.start(
                        node,
                        self -> {
                            throw new IllegalStateException("no database");
                        },
                        StartOptions.defaults().withName(ada)))
                .isInstanceOf(StartException.class)
                .satisfies(e -> assertThat(((StartException) e).holder()).isEmpty());
        Pid second = start(ada).pid();
        assertThat(registry.whereis("ada")).contains(second);
    }
}
