package io.otp4j.persistence;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code the package's Javadoc shows ({@code {@snippet}} regions), run as written. */
class SnippetsTest {

    @TempDir
    Path dir;

    /** A durable counter of the snapshot style: each {@link Add} is stored before its reply. */
    static final class Counter implements DurableGenServer<Long, Counter.Add, Object> {
        record Add(long amount) implements Call<Long> {}

        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public CallResult<Long> handleCall(Add add, From from, Long count) {
            return reply(add, count + add.amount(), count + add.amount());
        }
    }

    @Test
    void aDurableCounterUnderASupervisorKeepsItsCountAcrossARestart() {
        try (Node node = Node.start("snippets")) {
            // @start region="durable-server"
            DurableStore store = SqlStore.sqlite(dir.resolve("state.db"));
            Schema<Long> counts = Schema.of(1, Codec.text(String::valueOf, Long::valueOf));
            ChildSpec counter =
                    ChildSpec.worker("counter", () -> Durable.server("counter", store, counts, new Counter()));
            // @end
            try (store) {
                Supervisor supervisor = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(counter));
                Pid first = supervisor.whichChildren().getFirst().pid().orElseThrow();
                GenServerRef<Counter.Add, Object> ref = GenServerRef.<Counter.Add, Object>of(
                                first, Durable.serverType())
                        .orElseThrow();
                assertThat(ref.call(new Counter.Add(5))).isEqualTo(5L);
                node.exit(first, ExitReason.kill());
                Eventually.until(
                        () -> supervisor
                                .whichChildren()
                                .getFirst()
                                .pid()
                                .filter(p -> !p.equals(first))
                                .isPresent(),
                        "the supervisor restarted the counter");
                Pid second = supervisor.whichChildren().getFirst().pid().orElseThrow();
                assertThat(GenServerRef.<Counter.Add, Object>of(second, Durable.serverType())
                                .orElseThrow()
                                .call(new Counter.Add(1)))
                        .isEqualTo(6L);
                supervisor.stop();
            }
        }
    }

    /** A bank account by event sourcing. */
    static final class Account
            implements EventSourcedServer<Account.Balance, Account.Deposited, Account.Request<?>, Object> {
        sealed interface Request<R> extends Call<R> {}

        record Deposit(long amount) implements Request<Long> {}

        record GetBalance() implements Request<Long> {}

        record Deposited(long amount) {}

        record Balance(long balance) {}

        @Override
        public Balance initialState() {
            return new Balance(0);
        }

        @Override
        public Balance apply(Balance account, Deposited event) {
            return new Balance(account.balance() + event.amount());
        }

        @Override
        public Decision<Balance, Deposited> handleCall(Request<?> request, Balance account) {
            return switch (request) {
                // @start region="decision"
                case Deposit d ->
                    Decision.<Balance, Deposited>persist(new Deposited(d.amount()))
                            .thenReply(d, after -> after.balance());
                case GetBalance b -> Decision.reply(b, account.balance());
                // @end
            };
        }
    }

    @Test
    void aDepositIsStoredThenRepliedWithTheBalanceAfterIt() {
        Schema<Account.Balance> states = Schema.of(
                1, Codec.text(b -> String.valueOf(b.balance()), text -> new Account.Balance(Long.parseLong(text))));
        Schema<Account.Deposited> events = Schema.of(
                1, Codec.text(e -> String.valueOf(e.amount()), text -> new Account.Deposited(Long.parseLong(text))));
        try (Node node = Node.start("account");
                SqlStore store = SqlStore.sqlite(dir.resolve("account.db"))) {
            var account = GenServer.start(
                    node, Durable.eventSourced("acct", store, states, events, EventLog.defaults(), new Account()));
            assertThat(account.call(new Account.Deposit(30))).isEqualTo(30L);
            assertThat(account.call(new Account.Deposit(12))).isEqualTo(42L);
            account.stop();
            var again = GenServer.start(
                    node, Durable.eventSourced("acct", store, states, events, EventLog.defaults(), new Account()));
            assertThat(again.call(new Account.GetBalance())).isEqualTo(42L);
        }
    }

    /** An account holder: stored as {@code first|last;balance;currency} since version 3. */
    record Holder(String first, String last, long balance, String currency) {}

    /** Version 1 had no currency (all were euros): {@code name;balance} becomes {@code name;balance;EUR}. */
    static byte[] addCurrency(byte[] v1) {
        return (new String(v1, StandardCharsets.UTF_8) + ";EUR").getBytes(StandardCharsets.UTF_8);
    }

    /** Version 2 had one name: {@code Ada Lovelace;...} becomes {@code Ada|Lovelace;...}. */
    static byte[] splitName(byte[] v2) {
        return new String(v2, StandardCharsets.UTF_8).replaceFirst(" ", "|").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRecordOfVersionOneIsUpcastToVersionThreeOnLoad() {
        Codec<Holder> codec =
                Codec.text(h -> h.first() + "|" + h.last() + ";" + h.balance() + ";" + h.currency(), text -> {
                    String[] fields = text.split(";", -1);
                    String[] name = fields[0].split("\\|", -1);
                    return new Holder(name[0], name[1], Long.parseLong(fields[1]), fields[2]);
                });
        // @start region="upcasters"
        Schema<Holder> accounts = Schema.of(3, codec)
                .upcastFrom(1, v1 -> addCurrency(v1)) // bytes of version 1 -> bytes of version 2
                .upcastFrom(2, v2 -> splitName(v2)); // bytes of version 2 -> bytes of version 3
        // @end
        byte[] v1 = "Ada Lovelace;100".getBytes(StandardCharsets.UTF_8);
        assertThat(accounts.decode(1, v1, "a holder of version 1"))
                .isEqualTo(new Holder("Ada", "Lovelace", 100, "EUR"));
    }
}
