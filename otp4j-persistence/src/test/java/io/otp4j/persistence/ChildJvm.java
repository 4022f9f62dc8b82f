package io.otp4j.persistence;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Child JVMs for the tests that need a JVM of their own: one to kill, or one with other scheduler settings. */
final class ChildJvm {

    private ChildJvm() {}

    /**
     * {@return a builder of a JVM that runs {@code main} with {@code args}, on this JVM's class and module path}
     * It starts fast (C1 only, the serial collector), takes {@code options} before the class, and its error
     * output is merged into its output.
     */
    static ProcessBuilder of(Class<?> main, List<String> options, String... args) {
        String path = Stream.of("jdk.module.path", "java.class.path")
                .map(System::getProperty)
                .filter(value -> value != null && !value.isEmpty())
                .reduce((a, b) -> a + File.pathSeparator + b)
                .orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        command.addAll(options);
        command.addAll(List.of("-cp", path, main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }
}
