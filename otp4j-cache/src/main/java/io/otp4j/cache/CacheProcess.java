package io.otp4j.cache;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The body of a cache's process. The process does not serve reads or writes (callers do those on their own
 * threads, as with con_cache); it owns the cache's lifetime and runs the maintenance Caffeine asks for on the
 * node's clock.
 *
 * <ul>
 *   <li>{@link ClockScheduler.Maintenance}: run it (expired entries leave, their listeners run here).
 *   <li>{@link Stop}: exit normally.
 *   <li>The owner's {@link Down}: exit with {@code {shutdown, OwnerExited}}.
 * </ul>
 *
 * Whatever ends the process (those, an exit signal, a kill, the node closing), its exit hook closes the cache.
 */
final class CacheProcess {

    static final System.Logger LOG = System.getLogger("io.otp4j.cache");

    /** Asks the process to exit normally. */
    enum Stop {
        INSTANCE
    }

    private CacheProcess() {}

    static void run(ProcessContext self, Optional<Pid> owner, Supplier<String> cache) {
        @Nullable MonitorRef ownerRef = owner.map(self::monitor).orElse(null);
        while (true) {
            Object message = self.receive();
            if (message instanceof ClockScheduler.Maintenance maintenance) {
                maintenance.task().run();
            } else if (message == Stop.INSTANCE) {
                return;
            } else if (message instanceof Down down && down.ref().equals(ownerRef)) {
                self.exit(ExitReason.shutdown(new OwnerExited(down.pid(), down.reason())));
            } else {
                // Not an error: anyone may send a process anything. Logged at DEBUG only, so a flood of stray
                // messages cannot fill the log.
                LOG.log(System.Logger.Level.DEBUG, () -> cache.get() + " ignored an unexpected message: " + message);
            }
        }
    }
}
