package io.otp4j.examples;

import io.otp4j.cluster.ClusterConfig;
import io.otp4j.process.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A node of the cluster demo in a JVM of its own, started by the demo ({@code ./demo --cluster}) with the same
 * {@code java} and class path: it joins the cluster when the demo sends the line {@value #JOIN_CUE} on its
 * standard input, runs its shard and agent ({@link ClusterMember}), and exits
 * when the demo tells it to, when the demo's node goes down, or when its standard input closes (the demo's JVM
 * has ended).
 *
 * <pre>
 * usage: ClusterNode --name NODE --port PORT --members HOST:PORT,... --cluster-name NAME --control NODE
 *        (the cluster's secret in the environment variable OTP4J_DEMO_SECRET)
 * </pre>
 */
public final class ClusterNode {

    /** The line on its standard input that tells a node to join. */
    static final String JOIN_CUE = "join";

    /** The longest a node lives: beyond the demo's longest run. */
    static final Duration LIFETIME = Duration.ofHours(2);

    /**
     * A node's command line.
     *
     * @param name the node's name
     * @param port the TCP port it listens on, on 127.0.0.1
     * @param members every member's {@code host:port}, this node's included
     * @param clusterName the cluster's name
     * @param control the node whose control process gets the reports
     */
    record Arguments(String name, int port, List<String> members, String clusterName, String control) {
        Arguments {
            Objects.requireNonNull(name, "name");
            members = List.copyOf(members);
            Objects.requireNonNull(clusterName, "clusterName");
            Objects.requireNonNull(control, "control");
        }

        /** {@return the command line that gives these arguments} */
        List<String> toArgs() {
            return List.of(
                    "--name",
                    name,
                    "--port",
                    Integer.toString(port),
                    "--members",
                    String.join(",", members),
                    "--cluster-name",
                    clusterName,
                    "--control",
                    control);
        }
    }

    private ClusterNode() {}

    /**
     * Runs the node; exits with 0 when told to quit, 2 on a bad command line or a missing secret.
     *
     * @param args the command line; see the class comment for its usage
     * @throws Exception if the node fails in a way the demo does not handle
     */
    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cluster node: " + e.getMessage());
            System.exit(2);
            return;
        }
        String secret = System.getenv(ClusterJvms.SECRET_VARIABLE);
        if (secret == null || secret.isBlank()) {
            System.err.println("cluster node: no secret in the environment variable " + ClusterJvms.SECRET_VARIABLE);
            System.exit(2);
            return;
        }
        BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String cue = input.readLine(); // the demo lets its nodes join one at a time
        if (!JOIN_CUE.equals(cue)) {
            System.err.println("cluster node: " + arguments.name() + " got " + cue + " instead of its cue to join");
            System.exit(cue == null ? 0 : 2); // no cue at all: the demo has ended
            return;
        }
        try (Node node = Node.start(arguments.name())) {
            ClusterMember member = ClusterMember.start(
                    node,
                    config(arguments.clusterName(), arguments.port(), arguments.members(), secret),
                    arguments.control(),
                    arguments.members().size());
            Thread.ofPlatform().daemon().name("otp4j-demo-stdin").start(() -> {
                drain(input);
                member.quit(); // the demo's JVM has ended, or closed our input to stop us
            });
            if (!member.awaitQuit(LIFETIME)) {
                System.err.println("cluster node: " + arguments.name() + " was not told to quit within " + LIFETIME);
            }
            member.close();
        }
        System.exit(0);
    }

    /** Reads {@code in} until its end. */
    private static void drain(BufferedReader in) {
        try {
            while (in.readLine() != null) {
                // nothing more is sent on it: only its end matters
            }
        } catch (IOException e) {
            // closed: the same as its end
        }
    }

    /** {@return how every node of the demo joins: TCP on 127.0.0.1, the demo's messages alone allowed} */
    static ClusterConfig config(String clusterName, int port, List<String> members, String secret) {
        ClusterConfig config = ClusterConfig.of(clusterName)
                .withBindAddress("127.0.0.1")
                .withPort(port)
                .withInitialMembers(members)
                .withSecret(secret);
        for (Class<?> type : ClusterWire.CLASSES) {
            config = config.withAllowedClass(type);
        }
        return config;
    }

    /** {@return the arguments}; throws IllegalArgumentException naming what is wrong */
    static Arguments parse(String[] args) {
        String name = null;
        int port = -1;
        List<String> members = null;
        String clusterName = null;
        String control = null;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[i + 1];
            switch (option) {
                case "--name" -> name = value;
                case "--port" -> port = port(value);
                case "--members" -> members = Arrays.asList(value.split(",", -1));
                case "--cluster-name" -> clusterName = value;
                case "--control" -> control = value;
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        if (name == null || port < 0 || members == null || clusterName == null || control == null) {
            throw new IllegalArgumentException(
                    "--name, --port, --members, --cluster-name and --control are all needed, got "
                            + Arrays.toString(args));
        }
        return new Arguments(name, port, members, clusterName, control);
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("--port must be between 1 and 65535, was " + port);
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a whole number, not '" + text + "'", e);
        }
    }
}
