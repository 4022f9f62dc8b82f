package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's writers on one carrier thread, as in a container of one processor, where the JDK's scheduler has one
 * carrier. A lone writer commits on its own thread, and SQLite's commit holds that thread's carrier until it ends:
 * other virtual threads cannot run, and so cannot queue, while it commits. A writer that goes on writing must
 * still let them in, and they must then share flushes, not commit one by one on their own threads.
 */
class OneCarrierTest {

    @TempDir
    Path dir;

    @Test
    void writersThatComeWhileALoneWriterCommitsOnOneCarrierRunAndShareFlushes() throws Exception {
        Process child = ChildJvm.of(
                        OneCarrierWriters.class,
                        List.of(
                                "-Djdk.virtualThreadScheduler.parallelism=1",
                                "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
                        dir.resolve("one-carrier.db").toString())
                .start();
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && output.size() < 200) {
                output.add(line);
            }
        } finally {
            if (!child.waitFor(90, TimeUnit.SECONDS)) {
                child.destroyForcibly(); // by its handle, the child this test started
            }
        }
        assertThat(child.exitValue()).as("the child's output: %s", output).isZero();
        String first =
                output.stream().filter(l -> l.startsWith("FIRST ")).findFirst().orElseThrow();
        int firstHadWritten = Integer.parseInt(first.split(" ")[1]);
        assertThat(firstHadWritten)
                .as("the first writer's writes made when another's first committed (%s)", first)
                .isBetween(0, OneCarrierWriters.STREAK / 2);
        String totals =
                output.stream().filter(l -> l.startsWith("WRITES ")).findFirst().orElseThrow();
        long writes = Long.parseLong(totals.split(" ")[1]);
        long flushes = Long.parseLong(totals.split(" ")[3]);
        assertThat(writes)
                .isEqualTo(OneCarrierWriters.STREAK + (long) OneCarrierWriters.OTHERS * OneCarrierWriters.EACH);
        assertThat(flushes)
                .as("writes that came together shared flushes (%s)", totals)
                .isLessThan(writes / 2);
    }
}
