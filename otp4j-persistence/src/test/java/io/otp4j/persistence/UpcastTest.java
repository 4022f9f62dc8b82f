package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Results;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema versions: records stored at version 1 load, upcast, under code at version 3. */
class UpcastTest {

    /** An account at version 3: {@code balance|owner|currency}. Version 1 held the balance, version 2 added the owner. */
    record Account(long balance, String owner, String currency) {}

    sealed interface Ask<R> extends Call<R> {}

    record Show() implements Ask<Account> {}

    static final class Accounts implements DurableGenServer<Account, Ask<?>, Void> {
        @Override
        public Account initialState() {
            return new Account(0, "nobody", "EUR");
        }

        @Override
        public CallResult<Account> handleCall(Ask<?> request, From from, Account account) {
            return switch (request) {
                case Show show -> Results.reply(show, account, account);
            };
        }
    }

    static final Schema<Account> V3 = Schema.of(
                    3, Codec.<Account>text(a -> a.balance() + "|" + a.owner() + "|" + a.currency(), text -> {
                        String[] parts = text.split("\\|");
                        if (parts.length != 3) {
                            throw new IllegalArgumentException("an account of version 3 has 3 fields: " + text);
                        }
                        return new Account(Long.parseLong(parts[0]), parts[1], parts[2]);
                    }))
            .upcastFrom(1, v1 -> (text(v1) + "|unknown").getBytes(StandardCharsets.UTF_8))
            .upcastFrom(2, v2 -> (text(v2) + "|EUR").getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aStateStoredAtVersionOneLoadsAtVersionThree() {
        try (Node node = Node.start("upcast");
                SqlStore store = SqlStore.sqlite(dir.resolve("old.db"))) {
            StoredRecord claimed = store.claim("acct");
            store.write(DurableWrite.state("acct", claimed.incarnation(), 0, "42".getBytes(StandardCharsets.UTF_8), 1));

            var accounts = GenServer.start(node, Durable.server("acct", store, V3, new Accounts()));
            assertThat(accounts.call(new Show())).isEqualTo(new Account(42, "unknown", "EUR"));
            DurableStatus status = (DurableStatus) Sys.getState(accounts);
            assertThat(status.schemaVersion()).isEqualTo(3);
            assertThat(status.version()).isEqualTo(1); // loading does not write: the state did not change
        }
    }

    @Test
    void eventsStoredAtVersionsOneAndTwoReplayAtVersionThree() {
        Schema<Tally.Added> events = Tally.EVENTS
                .upcastFrom(1, v1 -> ("add:" + text(v1)).getBytes(StandardCharsets.UTF_8))
                .upcastFrom(2, v2 -> (text(v2) + ":units").getBytes(StandardCharsets.UTF_8));
        try (Node node = Node.start("upcast-events");
                SqlStore store = SqlStore.sqlite(dir.resolve("events.db"))) {
            StoredRecord claimed = store.claim("tally");
            store.write(DurableWrite.events("tally", claimed.incarnation(), 0, List.of(bytes("5"), bytes("7")), 1));
            store.write(DurableWrite.events("tally", claimed.incarnation(), 2, List.of(bytes("add:30")), 2));

            var tally = GenServer.start(
                    node, Durable.eventSourced("tally", store, Tally.STATES, events, EventLog.defaults(), new Tally()));
            assertThat(tally.call(new Tally.Total())).isEqualTo(42L);
            assertThat(tally.call(new Tally.Add(8))).isEqualTo(50L);
        }
    }

    @Test
    void aVersionNewerThanTheCodeOrWithoutUpcasterIsRefusedByName() {
        Schema<Account> noUpcasters = Schema.of(3, Codec.text(Account::toString, text -> new Account(0, "", "")));
        assertThatThrownBy(() -> noUpcasters.decode(1, bytes("1"), "the record x"))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessage("the record x has schema version 1, and there is no upcaster from version 1 to 2");
        assertThatThrownBy(() -> V3.decode(4, bytes("1|a|b|c"), "the record y"))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessage("the record y has schema version 4, but this code reads versions 1 to 3");
        try (Node node = Node.start("too-new");
                SqlStore store = SqlStore.sqlite(dir.resolve("new.db"))) {
            StoredRecord claimed = store.claim("future");
            store.write(DurableWrite.state("future", claimed.incarnation(), 0, bytes("1|a|EUR|x"), 4));
            assertThatThrownBy(() -> GenServer.start(node, Durable.server("future", store, V3, new Accounts())))
                    .isInstanceOf(StartException.class)
                    .hasMessageContaining("schema version 4, but this code reads versions 1 to 3");
            assertThat(store.claim("future").snapshot()).isEqualTo(bytes("1|a|EUR|x"));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
