package io.otp4j.cluster;

import io.otp4j.process.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A node in a JVM of its own, for {@link DistributedSupervisorKillTest}: it joins a TCP cluster on 127.0.0.1, runs
 * its part of the distributed supervisor "counters" (printing {@value #START}, the child's id and its node at each
 * start of a child), prints {@value ClusterMember#READY} and its name, and lives until its standard input ends or
 * it is killed. Each line {@value #ASK_MEMBERS} on its standard input is answered with {@value #MEMBERS}, its name
 * and its supervisor's members as it knows them. The secret comes from the environment, as for {@link
 * ClusterMember}.
 *
 * <p>Arguments: the cluster's name, the node's name, its port, and the members' {@code host:port}s, comma separated.
 */
public final class SupervisedMember {

    static final String START = "START";

    /** The question, on standard input, for the supervisor's members. */
    static final String ASK_MEMBERS = "members?";

    /** The start of the answer: the node's name and its supervisor's members follow, each word alone. */
    static final String MEMBERS = "MEMBERS";

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
            DistributedSupervisor supervisor = DistributedSupervisor.start(cluster, Supervised.NAME, kinds);
            System.out.println(ClusterMember.READY + " " + node.name() + " " + cluster.nodes());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            // Lives until the test closes the pipe, or kills this JVM.
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals(ASK_MEMBERS)) {
                    System.out.println(MEMBERS + " " + name + " " + String.join(" ", supervisor.members()));
                    System.out.flush();
                }
            }
        }
    }
}
