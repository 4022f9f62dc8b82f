package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A split of the distributed supervisor's nodes ({@link Partition}): each side runs every child, as placement puts
 * it in that side's view; after the heal each child has exactly one live instance, on the node placement picks in
 * the merged view, and every node agrees where it is.
 */
class DistributedSupervisorSplitTest {

    /** Failure detection and merge, with room for a loaded machine (see {@link ClusterSplitTest}). */
    private static final Duration VIEW = Duration.ofSeconds(40);

    private static final Placement PLACEMENT = Placement.rendezvous();

    private final Supervised cluster = new Supervised();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void afterAHealEachChildHasOneLiveInstanceWherePlacementPutsIt() {
        List<String> three = List.of("dsplit-a", "dsplit-b", "dsplit-c");
        three.forEach(n -> cluster.add(n, DistributedSupervisorConfig.defaults()));
        cluster.met(three);
        List<String> ids = IntStream.range(0, 150).mapToObj(i -> "s-" + i).toList();
        ids.forEach(id -> cluster.get("dsplit-a").startChild(id, Counter.KIND, id));
        cluster.runningWhere(ids, three, id -> PLACEMENT.place(id, three));

        Cluster a = cluster.clusters.get("dsplit-a");
        Cluster b = cluster.clusters.get("dsplit-b");
        Cluster c = cluster.clusters.get("dsplit-c");
        Partition.split(List.of(a, b), List.of(c));
        List<String> ab = List.of("dsplit-a", "dsplit-b");
        Supervised.within(
                VIEW,
                () -> cluster.get("dsplit-a").members().equals(ab)
                        && cluster.get("dsplit-b").members().equals(ab)
                        && cluster.get("dsplit-c").members().equals(List.of("dsplit-c")),
                "each side sees only itself");
        cluster.runningWhere(ids, ab, id -> PLACEMENT.place(id, ab));
        cluster.runningWhere(ids, List.of("dsplit-c"), id -> "dsplit-c");
        assertThat(ids).anySatisfy(id -> assertThat(cluster.live(id)).hasSize(2));

        Partition.heal(List.of(a, b, c));
        Supervised.within(
                VIEW,
                () -> three.stream().allMatch(n -> cluster.get(n).members().equals(three)),
                "every node sees all three again");
        try {
            Supervised.within(
                    VIEW,
                    () -> three.stream().allMatch(n -> cluster.get(n).quiet())
                            && ids.stream().allMatch(id -> cluster.live(id).size() == 1)
                            && three.stream().allMatch(n -> cluster.get(n).quiet()),
                    "no move in flight, and every child has one live instance");
        } finally {
            ids.stream()
                    .filter(id -> cluster.live(id).size() != 1)
                    .forEach(id -> System.out.printf(
                            "DistributedSupervisorSplitTest: %s has live instances %s, started on %s%n",
                            id, cluster.live(id), cluster.book.startsOf(id)));
        }
        cluster.runningWhere(ids, three, id -> PLACEMENT.place(id, three));
        for (String id : ids) {
            assertThat(cluster.live(id))
                    .as("live instances of %s", id)
                    .singleElement()
                    .satisfies(pid -> assertThat(pid.node()).isEqualTo(PLACEMENT.place(id, three)));
        }
    }
}
