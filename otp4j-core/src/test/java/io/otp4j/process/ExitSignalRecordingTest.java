package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Within;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exits by the reasons that carry no detail make no new {@code Error}, so a Flight Recorder recording with the JDK's
 * default settings ({@code jdk.JavaErrorThrow} on) does not record one per process that exits.
 */
class ExitSignalRecordingTest {

    private static final int PROCESSES = 200;

    @Test
    void exitsWithoutADetailRecordNoErrorAndACustomReasonDoes(@TempDir Path dir) throws Exception {
        try (Node node = Node.start("exit-signal-recording")) {
            // The shared signals are made when the class is first used: before the recording starts.
            stopAll(node, List.of(ExitReason.shutdown()));

            Path file = dir.resolve("exits.jfr");
            List<RecordedEvent> errors;
            try (Recording recording = new Recording()) {
                recording.enable("jdk.JavaErrorThrow").withoutStackTrace();
                recording.start();
                stopAll(
                        node,
                        List.of(
                                ExitReason.shutdown(),
                                ExitReason.killed(),
                                ExitReason.noproc(),
                                ExitReason.noconnection()));
                stopByExitingItself(node, ExitReason.normal());
                stopByExitingItself(node, ExitReason.shutdown());
                // The control: a reason of the caller's own makes a signal of its own, which the recording sees.
                stopByExitingItself(node, ExitReason.custom("own reason"));
                recording.stop();
                recording.dump(file);
            }
            errors = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.JavaErrorThrow"))
                    .filter(e -> e.getClass("thrownClass").getName().equals(ExitSignal.class.getName()))
                    .toList();
            assertThat(Files.size(file)).isPositive();
            assertThat(errors).hasSize(PROCESSES);
        }
    }

    /** Starts {@link #PROCESSES} processes waiting in a receive, sends each an exit signal, and waits for them. */
    private static void stopAll(Node node, List<ExitReason> reasons) {
        List<CompletableFuture<Down>> downs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Pid pid = node.spawn(ProcessContext::receive);
            downs.add(Within.watch(node, pid));
            node.exit(pid, reasons.get(i % reasons.size()));
        }
        for (CompletableFuture<Down> down : downs) {
            Within.get(down);
        }
    }

    /**
     * Starts {@link #PROCESSES} processes that each call {@code exit(reason)} once told to (so that the watch is in
     * place first), and waits for them.
     */
    private static void stopByExitingItself(Node node, ExitReason reason) {
        List<CompletableFuture<Down>> downs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Pid pid = node.spawn(self -> {
                self.receive();
                self.exit(reason);
            });
            downs.add(Within.watch(node, pid));
            node.send(pid, "exit");
        }
        for (CompletableFuture<Down> down : downs) {
            assertThat(Within.get(down).reason()).isEqualTo(reason);
        }
    }
}
