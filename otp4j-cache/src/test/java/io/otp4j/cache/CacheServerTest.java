package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Sys;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cache's process is a GenServer that serves no operation, and each node keeps its own caches. */
class CacheServerTest {

    /** Asks a test process to end. */
    private enum End {
        INSTANCE
    }

    private static GenServerRef<?, ?> serverOf(Cache<?, ?> cache) {
        return GenServerRef.of(cache.pid()).orElseThrow();
    }

    @OtpTest
    void theProcessAnswersSysWithItsStatus(Node node) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults().withName("users"));
        GenServerRef<?, ?> server = serverOf(cache);
        Sys.statistics(server, true);
        node.send(cache.pid(), "a stray message");
        assertThat(Sys.statistics(server).infos()).isEqualTo(1);
        cache.put("a", 1);
        assertThat(Sys.getState(server).toString()).startsWith(cache + ": 1 entries, owned by no process, CacheStats[");
    }

    @OtpTest
    void theStatusNamesTheOwner(Node node) throws Exception {
        CompletableFuture<Cache<String, Integer>> started = new CompletableFuture<>();
        Pid owner = node.spawn(self -> {
            started.complete(Cache.start(self, CacheOptions.defaults()));
            self.receive(End.class);
        });
        Cache<String, Integer> cache = started.get(10, TimeUnit.SECONDS);
        assertThat(Sys.getState(serverOf(cache)).toString()).contains("owned by " + owner);
        node.send(owner, End.INSTANCE);
    }

    @OtpTest
    void readsAndWritesDoNotGoThroughTheProcess(Node node) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        GenServerRef<?, ?> server = serverOf(cache);
        Sys.suspend(server); // the process now handles debugging requests only
        cache.put("a", 1);
        assertThat(cache.update("a", n -> n.orElse(0) + 1)).isEqualTo(2);
        assertThat(cache.getOrStore("b", k -> 3)).isEqualTo(3);
        assertThat(cache.get("a")).contains(2);
        assertThat(cache.delete("b")).isTrue();
        assertThat(cache.size()).isEqualTo(1);

        TestProbe probe = TestProbe.spawn(node);
        probe.watch(cache.pid());
        cache.stop(); // a suspended server still takes its stop
        probe.expectDown(cache.pid(), ExitReason.normal());
        assertThat(cache.isOpen()).isFalse();
    }

    @Test
    void eachNodeFindsItsOwnCachesAndForgetsThemAsItCloses() {
        try (Node left = Node.start("left");
                Node right = Node.start("right")) {
            Cache<String, Integer> leftCache =
                    Cache.start(left, CacheOptions.defaults().withName("users"));
            Cache<String, Integer> rightCache =
                    Cache.start(right, CacheOptions.defaults().withName("users"));

            assertThat(Cache.whereis(left, "users")).containsSame(leftCache);
            assertThat(Cache.whereis(right, "users")).containsSame(rightCache);
            assertThat(Cache.of(leftCache.pid())).containsSame(leftCache);
            assertThat(Cache.of(rightCache.pid())).containsSame(rightCache);

            left.close();
            assertThat(leftCache.isOpen()).isFalse();
            assertThat(Cache.whereis(left, "users")).isEmpty();
            assertThat(Cache.of(leftCache.pid())).isEmpty();
            assertThat(Engine.get().service(left, CacheDirectory.class))
                    .as("the directory goes with its node")
                    .isEmpty();
            assertThat(Cache.whereis(right, "users")).containsSame(rightCache);
        }
    }

    @OtpTest
    void aCacheLeavesItsNodesDirectoryAsItExits(Node node) {
        Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
        Pid pid = cache.pid();
        TestProbe probe = TestProbe.spawn(node);
        probe.watch(pid);
        node.exit(pid, ExitReason.kill());
        probe.expectDown(pid, ExitReason.killed());
        assertThat(Cache.of(pid)).isEmpty();
        assertThat(Engine.get().service(node, CacheDirectory.class))
                .hasValueSatisfying(directory -> assertThat(directory.size()).isZero());
    }
}
