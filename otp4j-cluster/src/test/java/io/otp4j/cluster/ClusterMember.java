package io.otp4j.cluster;

import io.otp4j.cluster.Messages.Hello;
import io.otp4j.process.Node;
import io.otp4j.process.SpawnOptions;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * A node in a JVM of its own, for {@link ClusterKillTest}: it joins a TCP cluster on 127.0.0.1, registers an echo
 * process (it answers a {@link Hello} with one from itself), prints {@value #READY} and its name, and lives until its
 * standard input ends or it is killed. The secret comes from the environment variable {@value #SECRET_VARIABLE}, so
 * that it is not on the command line.
 *
 * <p>Arguments: the cluster's name, the node's name, its port, and the members' {@code host:port}s, comma separated.
 */
public final class ClusterMember {

    static final String READY = "READY";
    static final String SECRET_VARIABLE = "OTP4J_TEST_SECRET";
    static final String ECHO = "echo";

    private ClusterMember() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                    "expected: cluster-name node-name port host:port,host:port... but got " + Arrays.toString(args));
        }
        String secret = System.getenv(SECRET_VARIABLE);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalStateException("the secret is missing: set " + SECRET_VARIABLE);
        }
        ClusterConfig config = ClusterConfig.of(args[0])
                .withSecret(secret)
                .withAllowedClass(Hello.class)
                .withPort(Integer.parseInt(args[2]))
                .withInitialMembers(List.of(args[3].split(",")));
        try (Node node = Node.start(args[1]);
                Cluster cluster = Cluster.join(node, config)) {
            node.spawn(SpawnOptions.defaults().withName(ECHO), self -> {
                while (true) {
                    Hello hello = self.receive(Hello.class);
                    self.send(hello.from(), new Hello(self.self(), hello.text()));
                }
            });
            System.out.println(READY + " " + node.name() + " " + cluster.nodes());
            System.out.flush();
            InputStream in = System.in;
            while (in.read() != -1) {
                // Lives until the test closes the pipe, or kills this JVM.
            }
        }
    }
}
