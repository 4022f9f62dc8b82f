package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.LogCapture;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash reports: a callback that throws writes one ERROR report on the {@code io.otp4j.genserver} logger
 * (server, last message, state as formatStatus shows it, reason, caller), and none on the process layer's
 * logger. Unexpected messages are logged at WARNING, rate-limited, and counted.
 */
class ServerCrashReportTest {

    record Account(String owner, int balance, String pin) {}

    sealed interface Req<R> extends Call<R> {}

    record Withdraw(int amount) implements Req<Integer> {}

    record Balance() implements Req<Integer> {}

    sealed interface Msg {}

    record Audit(String auditor) implements Msg {}

    static final class Bank implements GenServer<Account, Req<?>, Msg> {
        @Override
        public Init<Account> init(ProcessContext self) {
            return Init.ok(new Account("ada", 100, "hunter2"));
        }

        @Override
        public CallResult<Account> handleCall(Req<?> request, From from, Account account) {
            return switch (request) {
                case Withdraw w -> {
                    if (w.amount() > account.balance()) {
                        throw new IllegalStateException("overdrawn by " + (w.amount() - account.balance()));
                    }
                    int left = account.balance() - w.amount();
                    yield reply(w, left, new Account(account.owner(), left, account.pin()));
                }
                case Balance b -> reply(b, account.balance(), account);
            };
        }

        @Override
        public Result<Account> handleCast(Msg message, Account account) {
            return switch (message) {
                case Audit audit -> {
                    if (audit.auditor().isEmpty()) {
                        throw new IllegalArgumentException("anonymous audit");
                    }
                    yield noReply(account);
                }
            };
        }

        @Override
        public Object formatStatus(Account account) {
            return "Account of " + account.owner() + ", balance " + account.balance() + ", pin ****";
        }
    }

    /** No handleInfo: stray messages go to the default, which logs and drops them. */
    static final class Quiet implements GenServer<String, Balance, Void> {
        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok("quiet");
        }

        @Override
        public CallResult<String> handleCall(Balance request, From from, String state) {
            return reply(request, 0, state);
        }
    }

    private final LogCapture log = LogCapture.of("io.otp4j.genserver", "io.otp4j.process");
    private final List<LogRecord> records = log.records();
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void release() {
        log.close();
        callers.shutdownNow();
    }

    private List<LogRecord> about(String logger, Pid pid) {
        return log.about(logger, pid.toString());
    }

    @Test
    void aCallThatCrashesTheServerWritesOneReportNamingEverything() throws Exception {
        try (Node node = Node.start("report-call")) {
            GenServerRef<Req<?>, Msg> bank = GenServer.start(node, new Bank());
            CompletableFuture<Thread> callerThread = new CompletableFuture<>();
            CompletableFuture<Integer> call = CompletableFuture.supplyAsync(
                    () -> {
                        callerThread.complete(Thread.currentThread());
                        return bank.call(new Withdraw(130));
                    },
                    callers);
            assertThatThrownBy(() -> Within.get(call)).isInstanceOf(ServerExitedException.class);
            Within.eventually("the server's process is gone", () -> node.processCount() == 0);

            assertThat(about("io.otp4j.genserver", bank.pid())).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getMessage())
                        .contains(Bank.class.getName())
                        .contains(bank.pid().toString())
                        .contains("last message: Withdraw[amount=130]")
                        .contains("state: Account of ada, balance 100, pin ****")
                        .doesNotContain("hunter2")
                        .contains("reason: java.lang.IllegalStateException: overdrawn by 30")
                        .contains("caller: ")
                        .contains("#" + Within.get(callerThread).threadId());
            });
            assertThat(about("io.otp4j.process", bank.pid()))
                    .as("one report only")
                    .isEmpty();
        }
    }

    @Test
    void aCastThatCrashesTheServerWritesOneReportWithoutACaller() {
        try (Node node = Node.start("report-cast")) {
            GenServerRef<Req<?>, Msg> bank = GenServer.start(node, new Bank());
            CompletableFuture<Down> down = Within.watch(node, bank.pid());
            bank.cast(new Audit(""));
            Within.get(down);

            assertThat(about("io.otp4j.genserver", bank.pid())).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getMessage())
                        .contains("last message: Audit[auditor=]")
                        .contains("pin ****")
                        .doesNotContain("hunter2")
                        .contains("anonymous audit")
                        .doesNotContain("caller:");
            });
            assertThat(about("io.otp4j.process", bank.pid())).isEmpty();
        }
    }

    @Test
    void anOrderlyStopWritesNoReport() {
        try (Node node = Node.start("report-none")) {
            GenServerRef<Req<?>, Msg> bank = GenServer.start(node, new Bank());
            bank.stop();
            assertThat(about("io.otp4j.genserver", bank.pid())).isEmpty();
            assertThat(about("io.otp4j.process", bank.pid())).isEmpty();
        }
    }

    @Test
    void unexpectedMessagesAreLoggedAtWarningRateLimitedAndCounted() {
        try (Node node = Node.start("report-unexpected")) {
            GenServerRef<Balance, Void> quiet = GenServer.start(node, new Quiet());
            for (int i = 0; i < 50; i++) {
                node.send(quiet.pid(), "stray " + i);
            }
            int value = quiet.call(new Balance()); // after the 50, in order: the server kept going

            assertThat(value).isZero();
            assertThat(Sys.statistics(quiet).unexpectedInfos()).isEqualTo(50);
            List<LogRecord> warnings = about("io.otp4j.genserver", quiet.pid());
            assertThat(warnings).isNotEmpty().hasSizeLessThanOrEqualTo(10);
            assertThat(warnings).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
            assertThat(warnings.get(0).getMessage()).contains("stray 0");
            assertThat(quiet.isAlive()).isTrue();
        }
    }
}
