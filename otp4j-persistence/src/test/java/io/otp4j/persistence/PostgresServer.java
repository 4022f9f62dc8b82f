package io.otp4j.persistence;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for the tests: a fresh cluster made by {@code initdb} under {@code target/}, run by
 * {@code postgres} on 127.0.0.1 on a free port (as the user {@code postgres} when the tests run as root), and
 * stopped by its process id. It never touches another server.
 */
final class PostgresServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private final Path data;
    private final int port;
    private final Process launcher;
    private final long pid;
    private final Thread hook;

    private PostgresServer(Path data, int port, Process launcher, long pid) {
        this.data = data;
        this.port = port;
        this.launcher = launcher;
        this.pid = pid;
        this.hook = new Thread(this::stop, "stop-test-postgres");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Makes a cluster, starts the server and waits until it takes connections. */
    static PostgresServer start() throws IOException, InterruptedException, SQLException {
        Path bin = binaries();
        Path data = Path.of("target")
                .toAbsolutePath()
                .resolve("postgres-" + ProcessHandle.current().pid());
        deleteTree(data);
        Files.createDirectories(data);
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(List.of("chown", "postgres:postgres", data.toString()));
        }
        run(asPostgres(
                root,
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--no-instructions")));
        int port = freePort();
        Process launcher = new ProcessBuilder(asPostgres(
                        root,
                        List.of(
                                bin.resolve("postgres").toString(),
                                "-D",
                                data.toString(),
                                "-p",
                                String.valueOf(port),
                                "-k",
                                data.toString(),
                                "-c",
                                "listen_addresses=127.0.0.1",
                                "-c",
                                "fsync=on",
                                "-c",
                                "synchronous_commit=on")))
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
                .start();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline && launcher.isAlive()) {
            try (Connection ignored =
                    DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "")) {
                long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8)
                        .getFirst()
                        .trim());
                return new PostgresServer(data, port, launcher, pid);
            } catch (SQLException e) {
                last = e;
                launcher.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        launcher.destroyForcibly();
        throw new IllegalStateException(
                "PostgreSQL did not start within " + READY_WITHIN + " (see " + data.getFileName() + ".log in target/)",
                last);
    }

    /** {@return the port the server listens on, at 127.0.0.1} */
    int port() {
        return port;
    }

    /** {@return the JDBC URL of the server's database {@code postgres}} */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** {@return a new store on this server} */
    SqlStore store() {
        return SqlStore.postgresql(url(), "postgres", "");
    }

    /** Stops the server by its process id (a fast shutdown), then the launcher, then deletes the cluster. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing to remove.
        }
    }

    private synchronized void stop() {
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        if (server.isPresent()) {
            ProcessHandle postgres = server.get();
            try {
                // SIGINT is PostgreSQL's fast shutdown; ProcessHandle sends SIGTERM (smart), so ask with kill.
                new ProcessBuilder("kill", "-INT", String.valueOf(pid)).start().waitFor(10, TimeUnit.SECONDS);
                postgres.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                postgres.destroyForcibly();
            }
        }
        launcher.destroyForcibly();
        try {
            launcher.waitFor(10, TimeUnit.SECONDS);
            deleteTree(data);
        } catch (IOException | InterruptedException e) {
            // Left in target/, which the next clean removes.
        }
    }

    private static List<String> asPostgres(boolean root, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        return full;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within 2 minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(command + " failed with " + process.exitValue() + ": " + output);
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.naturalOrder())
                    .orElseThrow(() -> new IllegalStateException(
                            "no PostgreSQL under /usr/lib/postgresql: run .mvn/ensure-postgres.sh"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: run .mvn/ensure-postgres.sh", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
