package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Within;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Lookups take a server's {@link ServerType} and find only a live server of that type: a process that runs
 * another server, or none, is not found, instead of handing out a reference whose requests the server cannot take.
 */
class TypedLookupTest {

    sealed interface EchoCall<R> extends Call<R> {}

    record Echo(String text) implements EchoCall<String> {}

    /** A server of another type than {@link Box}. */
    static final class Echoer implements GenServer<String, EchoCall<?>, NoCast> {
        static final ServerType<EchoCall<?>, NoCast> TYPE = ServerType.of(Echoer.class);

        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok("");
        }

        @Override
        public CallResult<String> handleCall(EchoCall<?> request, From from, String state) {
            return switch (request) {
                case Echo echo -> Results.reply(echo, echo.text(), state);
            };
        }
    }

    /** A base class of servers, and one of them. */
    abstract static class Base implements GenServer<String, EchoCall<?>, NoCast> {
        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok("");
        }
    }

    static final class Derived extends Base {}

    @Test
    void ofFindsALiveServerOfTheTypeOnly() {
        try (Node node = Node.start("lookup-of")) {
            GenServerRef<Box.Req<?>, Box.Msg> box = GenServer.start(node, new Box());
            GenServerRef<EchoCall<?>, NoCast> echoer = GenServer.start(node, new Echoer());
            Pid plain = node.spawn(self -> self.receive());

            assertThat(GenServerRef.of(box.pid(), Box.TYPE)).contains(box);
            assertThat(GenServerRef.of(echoer.pid(), Box.TYPE)).isEmpty();
            assertThat(GenServerRef.of(plain, Box.TYPE)).isEmpty();
            assertThat(GenServerRef.of(echoer.pid(), Echoer.TYPE).orElseThrow().call(new Echo("hi")))
                    .isEqualTo("hi");

            box.stop();
            assertThat(GenServerRef.of(box.pid(), Box.TYPE)).isEmpty();
        }
    }

    @Test
    void ofWithoutATypeFindsAnyLiveServerTypedAsUnknown() {
        try (Node node = Node.start("lookup-any")) {
            GenServerRef<EchoCall<?>, NoCast> echoer = GenServer.start(node, new Echoer());
            Pid plain = node.spawn(self -> self.receive());

            Optional<GenServerRef<?, ?>> found = GenServerRef.of(echoer.pid());
            assertThat(found).contains(echoer);
            assertThat(found.orElseThrow().call(new Echo("any"))).isEqualTo("any");
            assertThat(GenServerRef.of(plain)).isEmpty();
        }
    }

    @Test
    void whereisByNameChecksTheHoldersType() {
        try (Node node = Node.start("lookup-whereis")) {
            GenServerRef<EchoCall<?>, NoCast> echoer =
                    GenServer.start(node, new Echoer(), StartOptions.defaults().withName("echo"));

            assertThat(GenServerRef.whereis(node, "echo", Echoer.TYPE)).contains(echoer);
            assertThat(GenServerRef.whereis(node, "echo", Box.TYPE)).isEmpty();
            assertThat(GenServerRef.whereis(node, "nobody", Echoer.TYPE)).isEmpty();
        }
    }

    @Test
    void aViaNameHeldByAnotherTypeIsNotFound() {
        try (Node node = Node.start("lookup-via")) {
            ViaName name = new LocalName(node, "shared"); // the node's own names, as a via name
            GenServerRef<EchoCall<?>, NoCast> echoer =
                    GenServer.start(node, new Echoer(), StartOptions.defaults().withName(name));

            assertThat(GenServerRef.whereis(name, Echoer.TYPE)).contains(echoer);
            assertThat(GenServerRef.whereis(name, Box.TYPE)).isEmpty();

            GenServerRef<Box.Req<?>, Box.Msg> wrong = GenServerRef.via(name, Box.TYPE);
            assertThat(wrong.isAlive()).isFalse();
            assertThatThrownBy(() -> wrong.call(new Box.Get()))
                    .isInstanceOfSatisfying(ServerNotFoundException.class, e -> {
                        assertThat(e.name()).isEqualTo(name);
                        assertThat(e.getMessage())
                                .contains(echoer.pid().toString())
                                .contains(Box.class.getName());
                    });
            wrong.cast(new Box.Add(1)); // dropped, as a cast to no server is: the echoer would crash on it

            assertThat(GenServerRef.via(name, Echoer.TYPE).call(new Echo("still here")))
                    .isEqualTo("still here");
            assertThat(echoer.isAlive()).isTrue();
        }
    }

    @Test
    void aTypeIsItsServerClassAndAdmitsSubclasses() {
        try (Node node = Node.start("lookup-subclass")) {
            ServerType<EchoCall<?>, NoCast> base = ServerType.of(Base.class);
            GenServerRef<EchoCall<?>, NoCast> derived = GenServer.start(node, new Derived());
            CompletableFuture<Down> down = Within.watch(node, derived.pid());

            assertThat(base).isEqualTo(ServerType.of(Base.class)).isNotEqualTo(Echoer.TYPE);
            assertThat(base.serverClass()).isEqualTo(Base.class);
            assertThat(GenServerRef.of(derived.pid(), base)).contains(derived);
            assertThat(GenServerRef.of(derived.pid(), ServerType.of(Derived.class)))
                    .contains(derived);
            assertThat(GenServerRef.of(derived.pid(), Echoer.TYPE)).isEmpty();

            derived.stop(ExitReason.shutdown(), Within.WAIT);
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.shutdown());
        }
    }
}
