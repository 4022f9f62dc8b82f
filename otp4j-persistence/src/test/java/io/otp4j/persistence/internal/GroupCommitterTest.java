package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
                e -> new IllegalStateException(e),
                false,
                null)) {
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

    @Test
    void aLoneWriterCommitsOnItsOwnThreadAndWritersThatComeMeanwhileShareTheNextFlush() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (GroupCommitter committer = new GroupCommitter(
                "lone",
                DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("lone.db")),
                8,
                e -> new IllegalStateException(e),
                true,
                null)) {
            Thread caller = Thread.currentThread();
            Thread ranOn = committer.submit(
                    connection -> Thread.currentThread(), Duration.ofSeconds(30), IllegalArgumentException::new);
            assertThat(ranOn).as("a lone writer's own thread").isSameAs(caller);
            assertThat(committer.flushes()).isEqualTo(1);

            // A lone writer holds the connection; three more writers come while it does.
            Thread holder = Thread.ofVirtual()
                    .start(() -> committer.submit(
                            connection -> {
                                inside.countDown();
                                try {
                                    return release.await(30, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    return false;
                                }
                            },
                            Duration.ofSeconds(30),
                            IllegalArgumentException::new));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            List<Thread> others = new ArrayList<>();
            List<Thread> ranOthers = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 3; i++) {
                others.add(Thread.ofVirtual()
                        .start(() -> ranOthers.add(committer.submit(
                                connection -> Thread.currentThread(),
                                Duration.ofSeconds(30),
                                IllegalArgumentException::new))));
            }
            io.otp4j.testkit.Eventually.until(
                    () -> others.stream().allMatch(other -> other.getState() == Thread.State.WAITING),
                    "three writers waiting behind the lone one");
            release.countDown();
            holder.join(Duration.ofSeconds(30));
            for (Thread other : others) {
                assertThat(other.join(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(ranOthers)
                    .hasSize(3)
                    .allSatisfy(thread -> assertThat(thread.getName()).isEqualTo("otp4j-committer-lone"));
            assertThat(committer.flushes())
                    .as("the lone commit, then one for the three")
                    .isEqualTo(3);
        }
    }
}
