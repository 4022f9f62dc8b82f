package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.cluster.DistributedSupervisor;
import io.otp4j.cluster.DistributedSupervisorConfig;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A durable server under the distributed supervisor (otp4j-cluster), its state in PostgreSQL: when its node
 * crashes, the supervisor starts it again on the other node, where it finds its state, as a new incarnation.
 */
class DistributedRestartTest extends PostgresTests {

    @Test
    void aServerRestartedOnTheOtherNodeFindsItsStateInPostgres() {
        ClusterConfig config = ClusterConfig.of("otp4j-durable-" + UUID.randomUUID())
                .withTransport(ClusterConfig.Transport.SHARED_LOOPBACK)
                .withSecret("durable-tests-secret")
                .withAllowedPackage("io.otp4j.persistence");
        List<String> names = List.of("durable-a", "durable-b");
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        Map<String, DistributedSupervisor> supervisors = new LinkedHashMap<>();
        List<SqlStore> stores = new ArrayList<>();
        try {
            for (String name : names) {
                Node node = Node.start(name);
                nodes.put(name, node);
                Cluster cluster = Cluster.join(node, config);
                clusters.put(name, cluster);
                SqlStore store = postgres().store(); // each node its own connection to the one database
                stores.add(store);
                supervisors.put(
                        name,
                        DistributedSupervisor.start(
                                cluster,
                                "durables",
                                Map.of(
                                        "ledger",
                                        argument ->
                                                Durable.server((String) argument, store, Ledger.SCHEMA, new Ledger())),
                                DistributedSupervisorConfig.defaults()));
            }
            for (DistributedSupervisor supervisor : supervisors.values()) {
                Eventually.until(() -> supervisor.members().equals(names), supervisor + " sees both nodes");
            }
            DistributedSupervisor first = Objects.requireNonNull(supervisors.get("durable-a"));
            String home = first.startChild("account", "ledger", "account");
            String other =
                    names.stream().filter(n -> !n.equals(home)).findFirst().orElseThrow();
            DistributedSupervisor homeSupervisor = Objects.requireNonNull(supervisors.get(home));
            Eventually.until(() -> homeSupervisor.whereis("account").isPresent(), "the ledger runs on " + home);
            Pid before = homeSupervisor.whereis("account").orElseThrow();
            var ledger = GenServerRef.of(before, Ledger.TYPE).orElseThrow();
            ledger.call(Ledger.append(1));
            ledger.call(Ledger.append(2));

            // The home node crashes: its processes end at once, and its membership closes.
            Objects.requireNonNull(nodes.remove(home)).close();
            Objects.requireNonNull(clusters.remove(home)).close();
            supervisors.remove(home);

            DistributedSupervisor survivor = Objects.requireNonNull(supervisors.get(other));
            Eventually.until(
                    () -> survivor.whereis("account")
                            .filter(pid -> pid.node().equals(other))
                            .isPresent(),
                    "the ledger restarted on " + other);
            var moved = GenServerRef.of(survivor.whereis("account").orElseThrow(), Ledger.TYPE)
                    .orElseThrow();
            assertThat(moved.call(new Ledger.Entries())).containsExactly(1, 2);
            DurableStatus status = (DurableStatus) Sys.getState(moved);
            assertThat(status.incarnation()).isGreaterThanOrEqualTo(2);
            assertThat(moved.call(Ledger.append(3))).isEqualTo(3);
        } finally {
            nodes.values().forEach(Node::close);
            clusters.values().forEach(Cluster::close);
            stores.forEach(SqlStore::close);
        }
    }
}
