package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that only removes handled durable casts: fenced on SQLite, and refused when it says anything else. */
class CastsHandledWriteTest {

    @TempDir
    Path dir;

    @Test
    void onSqliteItIsFencedLikeEveryWrite() {
        try (SqlStore store = SqlStore.sqlite(dir.resolve("fenced.db"))) {
            CastsHandledWrites.areFencedLikeEveryWrite(store);
        }
    }

    @Test
    void aWriteThatKeepsTheVersionOnlyRemovesCasts() {
        assertThatThrownBy(() -> DurableWrite.castsHandled("x", 1, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a write that keeps x at version 3 only deletes handled casts (through 1 or more),"
                        + " not casts through 0 and events through 0");
        assertThatThrownBy(() -> new DurableWrite("x", 1, 3, 3, List.of(), 0, new byte[] {1}, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a write moves x forward, not from version 3 to 3");
    }
}
