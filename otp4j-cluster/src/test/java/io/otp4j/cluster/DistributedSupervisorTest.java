package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The distributed supervisor in clusters of one JVM: a crashed node's children start again once each on the
 * survivors, a joining node takes only the children placement gives it, at the configured rate, and a node that
 * leaves hands its children's state over.
 */
class DistributedSupervisorTest {

    private static final Placement PLACEMENT = Placement.rendezvous();

    private final Supervised cluster = new Supervised();

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** {@return {@code count} child ids placed on {@code node} among {@code nodes}} */
    private static List<String> idsPlacedOn(String node, List<String> nodes, int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + i;
            if (PLACEMENT.place(id, nodes).equals(node)) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "child-" + i).toList();
    }

    @Test
    void aCrashedNodesThousandChildrenStartOnceEachOnTheSurvivors() {
        List<String> nodes = List.of("crash-a", "crash-b", "crash-c");
        nodes.forEach(n -> cluster.add(n, DistributedSupervisorConfig.defaults()));
        cluster.met(nodes);
        List<String> victims = idsPlacedOn("crash-c", nodes, 1_000, "v-");
        List<String> others = new ArrayList<>();
        for (String node : List.of("crash-a", "crash-b")) {
            others.addAll(idsPlacedOn(node, nodes, 100, "o-"));
        }
        List<String> all = new ArrayList<>(victims);
        others.stream().filter(id -> !all.contains(id)).forEach(all::add);
        DistributedSupervisor a = cluster.get("crash-a");
        for (String id : all) {
            assertThat(a.startChild(id, Counter.KIND, id)).isEqualTo(PLACEMENT.place(id, nodes));
        }
        cluster.runningWhere(all, nodes, id -> PLACEMENT.place(id, nodes));
        Map<String, Pid> before = new HashMap<>();
        all.forEach(id -> before.put(id, a.whereis(id).orElseThrow()));
        assertThat(all).allSatisfy(id -> assertThat(cluster.book.startsOf(id)).hasSize(1));

        cluster.crash("crash-c");

        List<String> survivors = List.of("crash-a", "crash-b");
        cluster.met(survivors);
        cluster.runningWhere(all, survivors, id -> PLACEMENT.place(id, survivors));
        for (String id : victims) {
            // The crashed node's own supervisor may restart a child or two while its node shuts down: not counted.
            List<String> starts = cluster.book.startsOf(id).stream()
                    .filter(node -> !node.equals("crash-c"))
                    .toList();
            assertThat(starts)
                    .as("the starts of %s elsewhere than on its crashed node", id)
                    .containsExactly(PLACEMENT.place(id, survivors));
        }
        for (String id : others) {
            assertThat(cluster.book.startsOf(id)).as("starts of %s", id).containsExactly(PLACEMENT.place(id, nodes));
            assertThat(a.whereis(id)).contains(before.get(id));
        }
        assertThat(a.children()).hasSize(all.size());
        assertThat(cluster.get("crash-b").children()).hasSize(all.size());
    }

    @Test
    void aStateBiggerThanAFrameReachesAJoiningNodeInParts() {
        java.util.function.UnaryOperator<ClusterConfig> smallFrames =
                config -> config.withMaxFrameBytes(8_192).withBatchBytes(4_096);
        DistributedSupervisorConfig fast =
                DistributedSupervisorConfig.defaults().withMoveRate(500, Duration.ofMillis(10));
        DistributedSupervisor a = cluster.add("part-a", fast, smallFrames);
        List<String> all = ids(400); // some 40 kB of specs: several frames' worth
        all.forEach(id -> a.startChild(id, Counter.KIND, id));
        cluster.runningWhere(all, List.of("part-a"), id -> "part-a");

        cluster.add("part-b", fast, smallFrames);
        List<String> two = List.of("part-a", "part-b");
        cluster.met(two);
        cluster.runningWhere(all, two, id -> PLACEMENT.place(id, two));

        assertThat(cluster.get("part-b").children()).containsExactlyInAnyOrderElementsOf(all);
        for (String id : all) {
            int starts = PLACEMENT.place(id, two).equals("part-b") ? 2 : 1;
            assertThat(cluster.book.startsOf(id)).as("starts of %s", id).hasSize(starts);
        }
    }

    @Test
    void aJoiningNodeTakesOnlyTheChildrenPlacementGivesIt() {
        List<String> three = List.of("join-a", "join-b", "join-c");
        DistributedSupervisorConfig fast =
                DistributedSupervisorConfig.defaults().withMoveRate(500, Duration.ofMillis(10));
        three.forEach(n -> cluster.add(n, fast));
        cluster.met(three);
        List<String> all = ids(3_000);
        DistributedSupervisor b = cluster.get("join-b");
        all.forEach(id -> b.startChild(id, Counter.KIND, id));
        cluster.runningWhere(all, three, id -> PLACEMENT.place(id, three));
        Map<String, Pid> before = new HashMap<>();
        all.forEach(id -> before.put(id, b.whereis(id).orElseThrow()));
        assertThat(cluster.book.totalStarts()).isEqualTo(3_000);

        cluster.add("join-d", fast);
        List<String> four = List.of("join-a", "join-b", "join-c", "join-d");
        cluster.met(four);
        cluster.runningWhere(all, four, id -> PLACEMENT.place(id, four));

        List<String> toD = all.stream()
                .filter(id -> PLACEMENT.place(id, four).equals("join-d"))
                .toList();
        assertThat(toD).hasSizeBetween(500, 1_000); // a quarter, near enough
        assertThat(cluster.book.handOffs).hasValue(toD.size());
        assertThat(cluster.book.takeOvers.keySet()).containsExactlyInAnyOrderElementsOf(toD);
        for (String id : all) {
            List<String> starts = cluster.book.startsOf(id);
            if (toD.contains(id)) {
                assertThat(starts).as("starts of %s", id).containsExactly(PLACEMENT.place(id, three), "join-d");
            } else {
                assertThat(starts).as("starts of %s", id).hasSize(1);
                assertThat(b.whereis(id)).contains(before.get(id));
            }
        }
    }

    @Test
    void movesToAJoiningNodeKeepToTheRate() {
        List<String> two = List.of("rate-a", "rate-b");
        // One budget an hour: only the budgets the test spends move anything.
        DistributedSupervisorConfig slow =
                DistributedSupervisorConfig.defaults().withMoveRate(7, Duration.ofHours(1));
        two.forEach(n -> cluster.add(n, slow));
        cluster.met(two);
        List<String> all = ids(300);
        all.forEach(id -> cluster.get("rate-a").startChild(id, Counter.KIND, id));
        cluster.runningWhere(all, two, id -> PLACEMENT.place(id, two));
        cluster.add("rate-c", slow);
        List<String> three = List.of("rate-a", "rate-b", "rate-c");
        cluster.met(three);
        Map<String, Integer> due = new HashMap<>();
        for (String node : two) {
            due.put(node, (int) all.stream()
                    .filter(id -> PLACEMENT.place(id, two).equals(node)
                            && PLACEMENT.place(id, three).equals("rate-c"))
                    .count());
            assertThat(due.get(node)).as("children of %s due to move", node).isGreaterThan(14);
        }
        assertThat(cluster.book.handOffs)
                .as("nothing moved before a budget was spent")
                .hasValue(0);

        int moved = 0;
        int total = due.getOrDefault("rate-a", 0) + due.getOrDefault("rate-b", 0);
        for (int tick = 1; moved < total; tick++) {
            assertThat(tick).as("ticks needed").isLessThan(100);
            for (String node : two) {
                int left = due.getOrDefault(node, 0);
                int now = cluster.get(node).tick();
                assertThat(now).as("moved by %s in tick %d", node, tick).isEqualTo(Math.min(7, left));
                due.put(node, left - now);
                moved += now;
            }
            int expected = moved;
            assertThat(cluster.book.handOffs).hasValue(expected);
            Eventually.until(() -> cluster.book.takeOvers.size() == expected, expected + " children taken over");
        }
        cluster.runningWhere(all, three, id -> PLACEMENT.place(id, three));
        assertThat(cluster.book.handOffs).hasValue(moved);
    }

    @Test
    void aLeavingNodeHandsItsCountersOverWithTheirValues() {
        List<String> three = List.of("leave-a", "leave-b", "leave-c");
        three.forEach(n -> cluster.add(n, DistributedSupervisorConfig.defaults()));
        cluster.met(three);
        List<String> all = ids(300);
        DistributedSupervisor a = cluster.get("leave-a");
        all.forEach(id -> a.startChild(id, Counter.KIND, id));
        cluster.runningWhere(all, three, id -> PLACEMENT.place(id, three));
        for (int i = 0; i < all.size(); i++) {
            GenServerRef<Counter.Req<?>, NoCast> counter = GenServerRef.via(a.via(all.get(i)), Counter.TYPE);
            assertThat(counter.call(new Counter.Add(i + 1))).isEqualTo(i + 1);
        }
        List<String> onB = all.stream()
                .filter(id -> PLACEMENT.place(id, three).equals("leave-b"))
                .toList();
        assertThat(onB).isNotEmpty();

        assertThat(cluster.get("leave-b").leave())
                .as("every child taken over in time")
                .isTrue();

        List<String> two = List.of("leave-a", "leave-c");
        cluster.met(two);
        cluster.runningWhere(all, two, id -> PLACEMENT.place(id, two));
        assertThat(cluster.book.takeOvers.keySet()).containsExactlyInAnyOrderElementsOf(onB);
        for (int i = 0; i < all.size(); i++) {
            String id = all.get(i);
            GenServerRef<Counter.Req<?>, NoCast> counter =
                    GenServerRef.via(cluster.get("leave-c").via(id), Counter.TYPE);
            assertThat(counter.call(new Counter.Get())).as("value of %s", id).isEqualTo(i + 1);
            assertThat(cluster.book.startsOf(id)).hasSize(onB.contains(id) ? 2 : 1);
        }
    }
}
