package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A reference by a via name whose name service spans the cluster ({@link ViaName#node()}): requests reach a holder
 * on another node through the cluster, typed as locally; a name service of one JVM does not reach it.
 */
class RemoteViaTest extends TwoMembers {

    RemoteViaTest() {
        super("via");
    }

    /** A name service with one name, whose holder is set by hand, seen from {@code local}. */
    private static final class OneName implements ViaName {
        private final @Nullable Node local;
        private volatile @Nullable Pid holder;

        OneName(@Nullable Node local) {
            this.local = local;
        }

        @Override
        public Optional<Pid> register(ProcessContext self) {
            holder = self.self();
            return Optional.empty();
        }

        @Override
        public Optional<Pid> whereis() {
            return Optional.ofNullable(holder);
        }

        @Override
        public Optional<Node> node() {
            return Optional.ofNullable(local);
        }
    }

    private Pid counterOnB() {
        GenServer.start(
                b.node(), new RemoteCallTest.Counter(), StartOptions.defaults().withName("counter"));
        return Members.seenFrom(a.node(), b.node().whereis("counter").orElseThrow());
    }

    @Test
    void aViaNameWithANodeReachesAHolderOfAnotherNode() throws Exception {
        OneName name = new OneName(a.node());
        name.holder = counterOnB();
        GenServerRef<RemoteCallTest.Counter.Req<?>, RemoteCallTest.Counter.Add> ref =
                GenServerRef.via(name, RemoteCallTest.COUNTER);

        ref.cast(new RemoteCallTest.Counter.Add(2));
        String echoed = ref.call(new RemoteCallTest.Counter.Echo("hi"));
        int later = ref.callAsync(new RemoteCallTest.Counter.Get())
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(echoed).isEqualTo("hi@2");
        assertThat(later).isEqualTo(2);
        assertThat(ref.pid()).isEqualTo(name.holder);
        assertThat(ref.node()).isSameAs(a.node());
        assertThat(ref.isAlive()).isTrue();
        assertThat(GenServerRef.whereis(name, RemoteCallTest.COUNTER))
                .hasValueSatisfying(bound -> assertThat(bound.pid()).isEqualTo(name.holder));
        assertThatThrownBy(ref::stop)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("another node");
    }

    @Test
    void aViaNameWithoutANodeDoesNotReachAHolderOfAnotherNode() {
        OneName name = new OneName(null);
        name.holder = counterOnB();
        GenServerRef<RemoteCallTest.Counter.Req<?>, RemoteCallTest.Counter.Add> ref =
                GenServerRef.via(name, RemoteCallTest.COUNTER);

        assertThatThrownBy(() -> ref.call(new RemoteCallTest.Counter.Get()))
                .isInstanceOf(ServerNotFoundException.class);
        assertThat(ref.isAlive()).isFalse();
    }
}
