package io.otp4j.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The second JVM of a remote workload: started by the driver with the driver's own {@code java} and class path,
 * ready when it prints {@value #READY}, stopped by its process id ({@link Process#destroyForcibly()}: SIGKILL on
 * Linux). A peer also ends by itself when its standard input closes ({@link #serveUntilStdinCloses}), so one whose
 * driver died does not outlive it.
 */
final class Peer implements AutoCloseable {

    /** The line a peer prints once it serves. */
    static final String READY = "READY";

    /** How long a peer may take to start and join. */
    static final Duration START_BOUND = Duration.ofSeconds(60);

    private final Process process;
    private final String name;

    private Peer(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM (the driver's heap bound's half at most, its carrier
     * parallelism, IPv4) and returns once it printed {@value #READY}.
     *
     * @throws TimeoutException if it did not within {@link #START_BOUND}; it is killed then
     */
    static Peer start(String name, Class<?> mainClass, List<String> args, Map<String, String> env)
            throws IOException, InterruptedException, TimeoutException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx1g");
        command.add("-Djava.net.preferIPv4Stack=true");
        String parallelism = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (parallelism != null) {
            command.add("-Djdk.virtualThreadScheduler.parallelism=" + parallelism);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(env);
        Process process = builder.start();
        Peer peer = new Peer(process, name);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("peer-" + name + "-out").start(() -> drain(process.getInputStream(), ready));
        try {
            ready.get(START_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            peer.close();
            throw new IOException("peer " + name + " ended before it was ready: " + e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** Reads the peer's output: completes {@code ready} at {@value #READY}, passes every other line on to stderr. */
    private static void drain(InputStream out, CompletableFuture<Void> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(READY)) {
                    ready.complete(null);
                } else {
                    System.err.println("peer: " + line);
                }
            }
        } catch (IOException e) {
            // the peer is gone
        }
        ready.completeExceptionally(new IOException("its output closed"));
    }

    /** {@return the peer's node name} */
    String name() {
        return name;
    }

    /** {@return the peer's process id} */
    long pid() {
        return process.pid();
    }

    /**
     * Kills the peer (SIGKILL) and {@return {@link System#nanoTime()} just before the kill}; does not wait for its
     * end.
     */
    long kill() {
        long before = System.nanoTime();
        process.destroyForcibly();
        return before;
    }

    /** Kills the peer by its pid and waits (bounded) for its end. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                System.err.println("peer " + name + " (pid " + process.pid() + ") did not end within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@return a TCP port free on 127.0.0.1 now} */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** In a peer: prints {@value #READY}, then blocks until standard input closes, then ends the JVM. */
    static void serveUntilStdinCloses() throws IOException {
        System.out.println(READY);
        System.out.flush();
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // nothing is sent on it; its end is the signal
        }
        System.exit(0);
    }

    /** {@return the value of {@code option} in {@code args} ({@code --option value})} */
    static String option(String[] args, String option) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(option)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + option + " VALUE in " + List.of(args));
    }

    /** Sleeps in steps until {@code done} holds or {@code bound} passed. */
    static boolean await(java.util.function.BooleanSupplier done, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
