package io.otp4j.cluster;

import io.otp4j.process.Node;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A node in a JVM of its own, for {@link DistributedSupervisorKillTest}: it joins a TCP cluster on 127.0.0.1, runs
 * its part of the distributed supervisor "counters" (printing {@value #START}, the child's id and its node at each
 * start of a child), prints {@value ClusterMember#READY} and its name, and lives until its standard input ends or
 * it is killed. The secret comes from the environment, as for {@link ClusterMember}.
 *
 * <p>Arguments: the cluster's name, the node's name, its port, and the members' {@code host:port}s, comma separated.
 */
public final class SupervisedMember {

    static final String START = "START";

    private SupervisedMember() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "expected: cluster-name node-name port host:port,host:port... but got " + Arrays.toString(args));
        }
        String secret = System.getenv(ClusterMember.SECRET_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException("the secret is missing: set " + ClusterMember.SECRET_VARIABLE);
        }
        ClusterConfig config = ClusterConfig.of(args[0])
                .withSecret(secret)
                .withPort(Integer.parseInt(args[2]))
                .withInitialMembers(List.of(args[3].split(",")));
        String name = args[1];
        Counter.Book book = new Counter.Book();
        Map<String, ChildFactory> kinds = Map.of(Counter.KIND, argument -> {
            System.out.println(START + " " + argument + " " + name);
            return new Counter(book, (String) argument);
        });
        try (Node node = Node.start(name);
                Cluster cluster = Cluster.join(node, config)) {
            DistributedSupervisor.start(cluster, Supervised.NAME, kinds);
            System.out.println(ClusterMember.READY + " " + node.name() + " " + cluster.nodes());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() != -1) {
                // Lives until the test closes the pipe, or kills this JVM.
            }
        }
    }
}
