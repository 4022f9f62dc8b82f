package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.SpawnOptions;
import io.otp4j.testing.Within;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Process threads are named after the pid and registered name, so that a JDK thread dump can be read. */
class ThreadNamesTest {

    private static final long JCMD_SECONDS = 60;

    @Test
    void aThreadDumpNamesTheProcessAndItsRegisteredName(@TempDir Path dir) throws Exception {
        try (Node node = Node.start("dump")) {
            Pid limiter = node.spawn(SpawnOptions.defaults().withName("limiter"), self -> self.receive());

            String dump = threadDump(dir.resolve("threads.txt"));

            assertThat(dump).contains("otp4j " + limiter + " limiter");
            node.send(limiter, "go");
        }
    }

    @Test
    void theNameFollowsRegisterAndUnregisterAndHibernation() {
        try (Node node = Node.start("names")) {
            CompletableFuture<String> atStart = new CompletableFuture<>();
            CompletableFuture<String> registered = new CompletableFuture<>();
            CompletableFuture<String> unregistered = new CompletableFuture<>();
            CompletableFuture<String> woken = new CompletableFuture<>();
            Pid pid = node.spawn(self -> {
                atStart.complete(Thread.currentThread().getName());
                self.receive();
                registered.complete(Thread.currentThread().getName());
                self.receive();
                unregistered.complete(Thread.currentThread().getName());
                self.hibernate(again -> woken.complete(Thread.currentThread().getName()));
            });

            assertThat(Within.get(atStart)).isEqualTo("otp4j " + pid);
            node.register("renamed", pid);
            node.send(pid, "look");
            assertThat(Within.get(registered)).isEqualTo("otp4j " + pid + " renamed");
            node.unregister("renamed");
            node.register("again", pid);
            node.send(pid, "look");
            assertThat(Within.get(unregistered)).isEqualTo("otp4j " + pid + " again");
            node.send(pid, "wake");
            assertThat(Within.get(woken)).isEqualTo("otp4j " + pid + " again");
        }
    }

    /** Runs {@code jcmd <this JVM> Thread.dump_to_file} and returns the dump; stops jcmd by its pid if it hangs. */
    private static String threadDump(Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(
                        jcmd.toString(),
                        Long.toString(ProcessHandle.current().pid()),
                        "Thread.dump_to_file",
                        file.toString())
                .redirectErrorStream(true)
                .redirectOutput(file.resolveSibling("jcmd.out").toFile())
                .start();
        try {
            assertThat(process.waitFor(JCMD_SECONDS, TimeUnit.SECONDS))
                    .as("jcmd finished within %d s", JCMD_SECONDS)
                    .isTrue();
        } finally {
            process.toHandle().destroyForcibly();
        }
        assertThat(process.exitValue())
                .as("jcmd: %s", Files.readString(file.resolveSibling("jcmd.out")))
                .isZero();
        return Files.readString(file);
    }
}
