package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller whose commit is late gets its error when its timeout passes; the committer goes on afterwards. */
class GroupCommitterTest {

    @TempDir
    Path dir;

    @Test
    void aCallerWhoseCommitIsLateIsToldAndTheCommitterGoesOn() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        try (GroupCommitter committer = new GroupCommitter(
                "late",
                DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("late.db")),
                8,
                e -> new IllegalStateException(e))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> committer.submit(
                            connection -> {
                                // A database that does not answer: the work holds the committer.
                                try {
                                    if (!stuck.await(30, TimeUnit.SECONDS)) {
                                        throw new SQLException("never released");
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new SQLException(e);
                                }
                                return 1;
                            },
                            Duration.ofMillis(300),
                            IllegalArgumentException::new))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the store late did not commit within PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
            stuck.countDown();
            int answer = committer.submit(connection -> 2, Duration.ofSeconds(30), IllegalArgumentException::new);
            assertThat(answer).isEqualTo(2);
        }
    }
}
