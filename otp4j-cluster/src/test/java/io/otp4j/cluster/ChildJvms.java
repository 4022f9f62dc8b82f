package io.otp4j.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JVMs of their own for the tests that kill a member with {@code kill -9}. */
final class ChildJvms {

    private ChildJvms() {}

    /**
     * {@return a builder of a JVM running {@code main} with {@code args}}: this JVM's {@code java} and this test's
     * classes, quick to start, its output with its errors, and the tests' cluster secret in its environment
     */
    static ProcessBuilder of(Class<?> main, String... args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> path = new ArrayList<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                path.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.net.preferIPv4Stack=true",
                "-cp",
                String.join(File.pathSeparator, path),
                main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ClusterMember.SECRET_VARIABLE, Members.SECRET);
        return builder;
    }
}
