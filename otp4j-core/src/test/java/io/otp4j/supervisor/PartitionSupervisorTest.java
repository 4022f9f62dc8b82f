package io.otp4j.supervisor;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** PartitionSupervisor: stable routing by key, name-based addressing, restarts, resize. */
class PartitionSupervisorTest extends TreeTest {

    /** A partition that counts the requests it served, and tells its partition number. */
    static final class Shard implements GenServer<Integer, Shard.Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Shard.class);

        sealed interface Request<R> extends Call<R> {}

        record Hit(Object key) implements Request<Integer> {}

        record Which() implements Request<Integer> {}

        private final int partition;

        Shard(int partition) {
            this.partition = partition;
        }

        @Override
        public Init<Integer> init(io.otp4j.process.ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Request<?> request, From from, Integer hits) {
            return switch (request) {
                case Hit hit -> reply(hit, hits + 1, hits + 1);
                case Which which -> reply(which, partition, hits);
            };
        }
    }

    private enum Color {
        RED
    }

    @Test
    void theHashIsDefinedAndStableAcrossRuns() {
        // Golden values: these must never change, or keys would move between partitions from one release to the next.
        assertThat(PartitionSupervisor.hash("")).isEqualTo(0x811c9dc5L);
        assertThat(PartitionSupervisor.hash("a")).isEqualTo(0xe40c292cL);
        assertThat(PartitionSupervisor.hash("foobar")).isEqualTo(0xbf9cf968L);
        assertThat(PartitionSupervisor.hash("ä")).isEqualTo(PartitionSupervisor.hash(java.nio.CharBuffer.wrap("ä")));
        assertThat(PartitionSupervisor.hash(Color.RED)).isEqualTo(PartitionSupervisor.hash("RED"));
        assertThat(PartitionSupervisor.hash(42)).isEqualTo(42);
        assertThat(PartitionSupervisor.hash(-7L)).isEqualTo(-7);
        assertThat(PartitionSupervisor.hash('A')).isEqualTo(65);
        assertThat(PartitionSupervisor.hash(new UUID(0xF0L, 0x0FL))).isEqualTo(0xFFL);
        assertThat(PartitionSupervisor.partitionOf(-7, 4)).isEqualTo(1);
        assertThat(PartitionSupervisor.partitionOf("foobar", 8)).isEqualTo((int) (0xbf9cf968L % 8));
        assertThatThrownBy(() -> PartitionSupervisor.hash(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> PartitionSupervisor.partitionOf("k", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be at least 1, was 0");
    }

    @Test
    void routesEachKeyToOnePartitionAndSpreadsKeysOverAll() {
        PartitionSupervisor shards = PartitionSupervisor.start(node, "shards", 4, Shard::new);
        Set<Integer> used = new HashSet<>();
        for (int user = 0; user < 40; user++) {
            String key = "user-" + user;
            int partition = shards.partitionOf(key);
            assertThat(shards.call(key, new Shard.Which())).isEqualTo(partition);
            GenServerRef<Shard.Request<?>, NoCast> ref = shards.ref(key, Shard.TYPE);
            assertThat(ref.pid()).isEqualTo(node.whereis("shards#" + partition).orElseThrow());
            assertThat(shards.pid(key)).isEqualTo(ref.pid());
            used.add(partition);
        }
        assertThat(used).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(shards.call("user-1", new Shard.Hit("user-1"))).isEqualTo(1);
        assertThat(shards.call("user-1", new Shard.Hit("user-1"))).isEqualTo(2); // same key, same partition
        assertThat(shards.supervisor().whichChildren())
                .extracting(ChildInfo::id)
                .containsExactly("0", "1", "2", "3");
        assertThat(Supervisor.whereis(node, "shards")).contains(shards.supervisor());
    }

    @Test
    void aLookupOfAPartitionChecksItsServerType() {
        PartitionSupervisor shards = PartitionSupervisor.start(node, "typed", 2, Shard::new);
        ServerType<Worker.Request<?>, NoCast> other = Worker.TYPE;

        assertThatThrownBy(() -> shards.ref("user-1", other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Worker.class.getName());
        assertThat(Supervisor.of(shards.pid("user-1")))
                .as("a partition is no supervisor")
                .isEmpty();
        assertThat(Supervisor.whereis(node, PartitionSupervisor.partitionName("typed", 0)))
                .isEmpty();
        assertThat(shards.call("user-1", new Shard.Hit("user-1"))).isEqualTo(1);
    }

    @Test
    void aRestartedPartitionIsFoundUnderItsName() throws Exception {
        PartitionSupervisor shards = PartitionSupervisor.start(node, "restarting", 2, Shard::new);
        Pid before = shards.pid(1);
        CompletableFuture<Down> down = SupervisorTest.watch(node, before);
        node.exit(before, ExitReason.kill());
        SupervisorTest.await(down);
        shards.supervisor().whichChildren(); // a call: the restart is done
        assertThat(shards.pid(1)).isNotEqualTo(before);
        assertThat(shards.call(1, new Shard.Which())).isEqualTo(1);
    }

    @Test
    void resizesWithinItsMaximum() {
        PartitionSupervisor shards = PartitionSupervisor.start(node, "elastic", 2, 4, Shard::new);
        assertThat(shards.partitions()).isEqualTo(2);
        assertThat(shards.resize(4)).isEqualTo(2);
        assertThat(shards.partitions()).isEqualTo(4);
        assertThat(shards.call(3, new Shard.Which())).isEqualTo(3);
        assertThat(shards.supervisor().countChildren().active()).isEqualTo(4);
        assertThat(shards.resize(1)).isEqualTo(4);
        assertThat(shards.supervisor().whichChildren())
                .extracting(ChildInfo::id)
                .containsExactly("0");
        assertThat(node.whereis("elastic#3")).isEmpty();
        assertThat(shards.call(3, new Shard.Which())).isZero(); // every key goes to partition 0 now
        assertThatThrownBy(() -> shards.resize(5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and the maximum 4, was 5");
        assertThatThrownBy(() -> shards.resize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGeneralChildMustRegisterUnderItsName() {
        assertThatThrownBy(() -> PartitionSupervisor.start(
                        node,
                        "anonymous",
                        2,
                        2,
                        SupervisorFlags.oneForOne(),
                        i -> ChildSpec.of("x", s -> StartResult.ok(s.spawnLink(self -> self.receive())))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partition 0 of anonymous did not register as anonymous#0");
        assertThat(node.whereis("anonymous")).isEmpty();
        PartitionSupervisor named = PartitionSupervisor.start(
                node,
                "named",
                2,
                2,
                SupervisorFlags.oneForOne(),
                i -> ChildSpec.of(
                        "x",
                        s -> StartResult.ok(s.spawnLink(
                                io.otp4j.process.SpawnOptions.defaults()
                                        .withName(PartitionSupervisor.partitionName("named", i)),
                                self -> {
                                    while (true) {
                                        if (self.receive() instanceof String text) {
                                            events.add(i + " got " + text);
                                        }
                                    }
                                }))));
        named.send(3, "hello");
        events.expect("1 got hello");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> PartitionSupervisor.start(node, "p", 0, Shard::new))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be at least 1, was 0");
        assertThatThrownBy(() -> PartitionSupervisor.start(node, "p", 3, 2, Shard::new))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPartitions must be at least partitions (3), was 2");
        assertThatThrownBy(() -> PartitionSupervisor.start(
                        node, "p", 1, 1, SupervisorFlags.restForOne(), i -> Worker.spec("w", events)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one_for_one");
        assertThat(node.registered()).isEmpty(); // no supervisor was left behind
    }
}
