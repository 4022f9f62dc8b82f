package io.otp4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs the cluster demo starts for its other nodes: the same {@code java} and the same class path (or module
 * path) as this JVM, each running {@link ClusterNode}, its output in a log file of its own. Every JVM started is
 * stopped by its pid: asked to quit by the demo, destroyed by {@link #close} if still alive, and by a shutdown hook
 * if this JVM ends first. Each child also ends by itself when its standard input closes, which happens when this
 * JVM dies, even by {@code kill -9}.
 */
final class ClusterJvms implements AutoCloseable {

    /** The environment variable that carries the cluster's secret to a child (not its command line). */
    static final String SECRET_VARIABLE = "OTP4J_DEMO_SECRET";

    /** How long a child gets to exit by itself when closed, before it is destroyed. */
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    private final Map<String, Process> started = new LinkedHashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private final Thread hook = new Thread(this::destroyAll, "otp4j-demo-stop-nodes");

    ClusterJvms() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** {@return a TCP port free on 127.0.0.1 now} */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /**
     * Starts a JVM running {@link ClusterNode} with {@code arguments}, the secret in its environment.
     *
     * @return the process started
     */
    synchronized Process start(String node, List<String> arguments, String secret) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        String modulePath = System.getProperty("jdk.module.path");
        if (ClusterNode.class.getModule().isNamed() && modulePath != null) {
            command.add("--module-path");
            command.add(modulePath);
            command.add("--module");
            command.add(ClusterNode.class.getModule().getName() + "/" + ClusterNode.class.getName());
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ClusterNode.class.getName());
        }
        command.addAll(arguments);
        Path log = Files.createTempFile("otp4j-demo-" + node + "-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(SECRET_VARIABLE, secret);
        Process process = builder.start();
        started.put(node, process);
        logs.put(node, log);
        return process;
    }

    /** Tells {@code node}'s JVM to join the cluster: it waits for this line on its standard input. */
    synchronized void cue(String node) throws IOException {
        OutputStream in = process(node).getOutputStream();
        in.write(ClusterNode.JOIN_CUE.concat("\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** {@return the last lines {@code node}'s JVM wrote, and where the rest is}, for a failure's message */
    synchronized String tail(String node, int lines) {
        Path log = logs.get(node);
        if (log == null) {
            return "";
        }
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()))
                    + System.lineSeparator() + "(the whole output: " + log + ")";
        } catch (IOException e) {
            return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /** {@return the JVM started for {@code node}} */
    synchronized Process process(String node) {
        Process process = started.get(node);
        if (process == null) {
            throw new IllegalArgumentException("no JVM was started for node " + node);
        }
        return process;
    }

    /** {@return the pids of the JVMs started, by node} */
    synchronized Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        started.forEach((node, process) -> pids.put(node, process.pid()));
        return pids;
    }

    /**
     * Waits up to {@link #EXIT_GRACE} for each JVM started to exit (the demo has told them to quit), then destroys
     * by its pid each one still alive. The logs stay, for a failure's reader: {@link #deleteLogs} removes them.
     */
    @Override
    public synchronized void close() {
        long deadline = System.nanoTime() + EXIT_GRACE.toNanos();
        for (Process process : started.values()) {
            try {
                process.getOutputStream().close(); // end of input: a child ends by itself
                process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (IOException e) {
                // its input is already closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        destroyAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is shutting down: the hook runs anyway
        }
    }

    /** Deletes the JVMs' logs: the run went well, nobody needs them. */
    synchronized void deleteLogs() {
        logs.values().forEach(log -> log.toFile().delete());
    }

    private synchronized void destroyAll() {
        for (Process process : started.values()) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (Process process : started.values()) {
            try {
                process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
