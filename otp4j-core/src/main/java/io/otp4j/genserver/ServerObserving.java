package io.otp4j.genserver;

import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.Handled;
import io.otp4j.observe.spi.Captured;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.jfr.Events;
import io.otp4j.process.spi.Engine;
import io.otp4j.time.Clock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A server's callbacks as observed: the sender's context attached around {@code handleCall}, {@code handleCast}
 * and {@code handleInfo}; {@link Handled} told to the node's observers after each callback; Flight Recorder's slow
 * handler and mailbox high-water events. All on the server's own thread; none of it runs while nothing observes.
 */
final class ServerObserving {

    private static final Engine ENGINE = Engine.get();

    /** How often a server counts its mailbox for the high-water mark: once in this many messages. */
    static final int HIGH_WATER_EVERY = 64;

    private ServerObserving() {}

    /** Runs {@code callback}, the server's handling of a message of {@code type}, observed. */
    static Next observe(
            ServerCore server,
            ProcessContext self,
            @Nullable Observers observers,
            Events.@Nullable SlowHandler slow,
            Handled.Kind kind,
            Class<?> type,
            Supplier<Next> callback) {
        Clock clock = server.node.clock();
        boolean fromMessage = kind != Handled.Kind.CONTINUE && kind != Handled.Kind.TIMEOUT;
        long start = clock.nanoTime();
        ContextCarrier.Attached attached = null;
        if (observers != null && fromMessage && ENGINE.carried(self) instanceof Captured context) {
            attached = context.attach();
        }
        try {
            return callback.get();
        } finally {
            // The observers are told while the sender's context is still attached (closed last, even if one throws).
            try {
                finish(server, self, observers, slow, kind, type, start);
            } finally {
                if (attached != null) {
                    attached.close();
                }
            }
        }
    }

    /** What follows a callback: the slow handler event, {@link Handled} for the observers, the high-water mark. */
    private static void finish(
            ServerCore server,
            ProcessContext self,
            @Nullable Observers observers,
            Events.@Nullable SlowHandler slow,
            Handled.Kind kind,
            Class<?> type,
            long start) {
        if (slow != null) {
            slow.finish(server.pid(), server.startName(), type, kind.name());
        }
        if (observers != null && observers.handling()) {
            long nanos = Math.max(0, server.node.clock().nanoTime() - start);
            observers.handled(
                    new Handled(server.pid(), server.startName(), kind, type, nanos, ENGINE.mailboxLength(self)));
        }
        if (Events.highWaterEnabled()) {
            checkHighWater(server, self, type);
        }
    }

    /**
     * Records a Flight Recorder high-water event if the mailbox is longer than the mark now and was not when last
     * looked at; while the event is enabled, the server looks after its first message and after every {@value
     * #HIGH_WATER_EVERY}th one. Counting reads up to the last message, which senders on other carriers keep
     * appending to: under a stream of calls, counting after every message took a fifth of the server's time.
     */
    static void checkHighWater(ServerCore server, ProcessContext self, Class<?> handled) {
        if (server.highWaterSkip > 0) {
            server.highWaterSkip--;
            return;
        }
        server.highWaterSkip = HIGH_WATER_EVERY - 1;
        int length = ENGINE.mailboxLength(self);
        boolean over = length > Events.HIGH_WATER;
        if (over == server.overHighWater()) {
            return;
        }
        server.rare().overHighWater = over;
        if (over) {
            Events.highWater(server.pid(), server.startName(), handled, length);
        }
    }
}
