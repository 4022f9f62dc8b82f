package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.ClusterRegistry.Keys;
import io.otp4j.cluster.Registrants.Outcome;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster registry's conflicts after splits (ADR 28), over four nodes of one JVM split 2|2 with JGroups'
 * DISCARD ({@link Partition}) on a stack with short failure detection and merge timings: every round registers
 * the same names on both sides, heals, and checks that each name has exactly one live holder, the same on every
 * node, and that every loser was stopped with a reason naming the winner.
 */
class ClusterRegistrySplitTest {

    /** 1 s of silence makes a suspicion; merges are looked for every 0.1 to 0.3 s; frames are resent after 0.1 s. */
    private static final Stack.Timings QUICK = new Stack.Timings(1_000, 200, 100, 300, 1_500, 100);

    private static final int ROUNDS = 100;
    private static final int NAMES = 50;
    /** Every this many rounds, the round waits for both sides to see the other down before registering. */
    private static final int VIEW_SPLIT_EVERY = 3;
    /** A split, heal or decision, with room for a loaded machine (a round that takes longer fails). */
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void afterEveryHealEachNameHasExactlyOneHolderTheSameOnEveryNodeAndEveryLoserIsTold() {
        List<Cluster> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(members.join("heal-" + i, QUICK));
        }
        Members.connected(nodes.toArray(Cluster[]::new));
        List<ClusterRegistry<String, String>> registries = new ArrayList<>();
        for (Cluster node : nodes) {
            registries.add(ClusterRegistry.start(node, "names", Keys.UNIQUE));
        }
        List<Cluster> left = nodes.subList(0, 2);
        List<Cluster> right = nodes.subList(2, 4);
        AtomicInteger downs = countNodeDowns(nodes.get(0));
        Random random = new Random(28);
        int viewSplits = 0;
        int losersTold = 0;
        long start = System.nanoTime();

        for (int round = 0; round < ROUNDS; round++) {
            int downsBefore = downs.get();
            Partition.split(left, right);
            if (round % VIEW_SPLIT_EVERY == 0) {
                until(() -> sees(left, Set.of()) && sees(right, Set.of()), "round " + round + ": the views split");
            }
            Map<String, List<Pid>> holders = registerOnBothSides(round, registries, random);
            Partition.heal(nodes);

            int round0 = round;
            until(() -> sees(nodes, Set.of()), "round " + round + ": the views merged");
            until(
                    () -> decided(registries, holders.keySet()),
                    () -> "round " + round0 + ": one holder per name everywhere; " + undecided(registries, holders));
            losersTold += checkRound(round, registries, holders);
            boolean split = downs.get() > downsBefore;
            if (split) {
                viewSplits++; // node 0 saw the other side down: the round went through a view split and a merge
            }
            clear(nodes, registries, holders);
        }

        System.out.printf(
                "ClusterRegistrySplitTest: %d rounds of %d names in %d s, %d of them through a view split and merge,"
                        + " %d losers told%n",
                ROUNDS, NAMES, Duration.ofNanos(System.nanoTime() - start).toSeconds(), viewSplits, losersTold);
        assertThat(losersTold).isEqualTo(ROUNDS * NAMES);
        assertThat(viewSplits).isGreaterThanOrEqualTo(ROUNDS / VIEW_SPLIT_EVERY);
    }

    /**
     * Registers name {@code i} on one node of each side, the side first in a random order; {@return the
     * registrants of each name}
     */
    private static Map<String, List<Pid>> registerOnBothSides(
            int round, List<ClusterRegistry<String, String>> registries, Random random) {
        TestProbe probe = TestProbe.spawn(registries.get(0).cluster().node());
        Map<String, List<Pid>> holders = new HashMap<>();
        for (int i = 0; i < NAMES; i++) {
            String name = "r" + round + "-n" + i;
            ClusterRegistry<String, String> onLeft = registries.get(i % 2);
            ClusterRegistry<String, String> onRight = registries.get(2 + i % 2);
            boolean leftFirst = random.nextBoolean();
            for (ClusterRegistry<String, String> registry :
                    leftFirst ? List.of(onLeft, onRight) : List.of(onRight, onLeft)) {
                Registrants.spawn(registry, name, registry.cluster().node().name(), probe);
                Outcome outcome = probe.expectMessage(Outcome.class, BOUND);
                assertThat(outcome.failure())
                        .as("round %d: %s on its side", round, name)
                        .isEmpty();
                holders.computeIfAbsent(name, n -> new ArrayList<>()).add(outcome.pid());
            }
        }
        probe.stop();
        return holders;
    }

    /** {@return whether every node holds one entry per name, the same one} */
    private static boolean decided(List<ClusterRegistry<String, String>> registries, Set<String> names) {
        for (String name : names) {
            Set<String> answers = new HashSet<>();
            for (ClusterRegistry<String, String> registry : registries) {
                List<ClusterEntry<String, String>> entries = registry.lookup(name);
                if (entries.size() != 1) {
                    return false;
                }
                ClusterEntry<String, String> entry = entries.get(0);
                answers.add(entry.node() + "/" + entry.sequence() + "/" + entry.incarnation());
            }
            if (answers.size() != 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks that each name's holder is one of its two registrants and alive, that the other exited with {@code
     * {shutdown, ConflictLost}} naming the holder, and that every node's whereis names the holder. {@return the
     * losers told}
     */
    private static int checkRound(
            int round, List<ClusterRegistry<String, String>> registries, Map<String, List<Pid>> holders) {
        int told = 0;
        for (Map.Entry<String, List<Pid>> name : holders.entrySet()) {
            ClusterEntry<String, String> kept =
                    registries.get(0).lookup(name.getKey()).get(0);
            Pid winner = null;
            Pid loser = null;
            for (Pid pid : name.getValue()) {
                if (pid.node().equals(kept.node())) {
                    winner = pid;
                } else {
                    loser = pid;
                }
            }
            Objects.requireNonNull(winner, "round " + round + ": " + name.getKey() + " is kept by a registrant");
            Objects.requireNonNull(loser, "round " + round + ": " + name.getKey() + " has a loser");
            Cluster winnersNode = node(registries, winner.node());
            Cluster losersNode = node(registries, loser.node());
            assertThat(winnersNode.node().isAlive(winner))
                    .as("round %d: the winner of %s lives", round, name.getKey())
                    .isTrue();
            Optional<ExitReason> reason = losersNode.node().await(loser, BOUND);
            assertThat(reason)
                    .as("round %d: the loser of %s was stopped, naming the winner", round, name.getKey())
                    .contains(ExitReason.shutdown(new ConflictLost(
                            "names", name.getKey(), loser, Members.seenFrom(losersNode.node(), winner))));
            told++;
            for (ClusterRegistry<String, String> registry : registries) {
                assertThat(registry.whereis(name.getKey()))
                        .as(
                                "round %d: whereis %s on %s",
                                round, name.getKey(), registry.cluster().node().name())
                        .contains(Members.seenFrom(registry.cluster().node(), winner));
            }
        }
        return told;
    }

    /** Stops the round's holders and waits until every view is empty again. */
    private static void clear(
            List<Cluster> nodes, List<ClusterRegistry<String, String>> registries, Map<String, List<Pid>> holders) {
        for (List<Pid> pids : holders.values()) {
            for (Pid pid : pids) {
                node(registries, pid.node()).node().exit(pid, ExitReason.kill());
            }
        }
        until(() -> registries.stream().allMatch(r -> r.count() == 0), "the round's holders are gone everywhere");
        assertThat(nodes).hasSize(4);
    }

    private static Cluster node(List<ClusterRegistry<String, String>> registries, String name) {
        return registries.stream()
                .map(ClusterRegistry::cluster)
                .filter(c -> c.node().name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** {@return whether each of {@code side} sees the others of {@code side} and {@code also}, and no one else} */
    private static boolean sees(List<Cluster> side, Set<String> also) {
        for (Cluster cluster : side) {
            Set<String> expected = new HashSet<>(also);
            side.stream()
                    .filter(other -> other != cluster)
                    .forEach(other -> expected.add(other.node().name()));
            if (!cluster.nodes().equals(expected)) {
                return false;
            }
        }
        return true;
    }

    /** {@return the count of the NodeDowns {@code cluster}'s node sees from now on} */
    private static AtomicInteger countNodeDowns(Cluster cluster) {
        AtomicInteger downs = new AtomicInteger();
        Pid counter = cluster.node().spawn(self -> {
            for (int i = 0; i < 100_000; i++) { // far more than the rounds can cause
                if (self.receive() instanceof NodeDown) {
                    downs.incrementAndGet();
                }
            }
        });
        cluster.monitorNodes(counter);
        return downs;
    }

    /** {@return what each node holds of the names that are not decided, for a failure's message} */
    private static String undecided(List<ClusterRegistry<String, String>> registries, Map<String, List<Pid>> holders) {
        StringBuilder out = new StringBuilder();
        for (ClusterRegistry<String, String> registry : registries) {
            out.append(registry.cluster().node().name())
                    .append(" (view ")
                    .append(registry.cluster().route().viewOrder())
                    .append("):");
            holders.keySet().stream()
                    .filter(name -> !decided(registries, Set.of(name)))
                    .sorted()
                    .limit(5)
                    .forEach(name -> out.append(' ').append(name).append('=').append(registry.lookup(name)));
            out.append("; ");
        }
        return out.toString();
    }

    private static void until(BooleanSupplier condition, String what) {
        until(condition, () -> what);
    }

    /** Waits until {@code condition} holds, at most {@link #BOUND}. */
    private static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + BOUND + ": " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
