package io.otp4j.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessInfo;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one registered name: the mailbox length and the messages handled of whichever process holds the
 * name when the registry reads them, through {@link Node#info}. A server restarted under the same name is the same
 * series; its count of handled messages goes on from where the last process's left off, so the counter never
 * goes back.
 */
final class ServerMeters {

    static final String MAILBOX = "otp4j.server.mailbox";
    static final String HANDLED = "otp4j.server.handled";

    private final Node node;
    private final String name;
    private final List<Meter> meters;

    // The handled count of the processes that held the name before, and of the one that holds it now.
    private @Nullable Pid holder; // guarded by this
    private long before; // guarded by this
    private long current; // guarded by this

    ServerMeters(Node node, String name, MeterRegistry registry, Tags tags) {
        this.node = node;
        this.name = name;
        Tags server = tags.and("server", name);
        Gauge mailbox = Gauge.builder(MAILBOX, this, ServerMeters::mailboxLength)
                .strongReference(true)
                .tags(server)
                .baseUnit("messages")
                .description("Messages waiting in the mailbox of the process registered under the name")
                .register(registry);
        FunctionCounter handled = FunctionCounter.builder(HANDLED, this, ServerMeters::handled)
                .tags(server)
                .baseUnit("messages")
                .description("Messages taken out of their mailbox by the processes registered under the name")
                .register(registry);
        this.meters = List.of(mailbox, handled);
    }

    String name() {
        return name;
    }

    List<Meter> meters() {
        return meters;
    }

    private Optional<ProcessInfo> info() {
        return node.whereis(name).flatMap(node::info);
    }

    private double mailboxLength() {
        return info().map(ProcessInfo::mailboxLength).orElse(0);
    }

    private synchronized double handled() {
        Optional<ProcessInfo> info = info();
        Pid now = info.map(ProcessInfo::pid).orElse(null);
        if (now != null && !now.equals(holder)) {
            before += current;
            current = 0;
            holder = now;
        }
        if (info.isPresent()) {
            current = Math.max(current, info.get().messagesHandled());
        }
        return (double) before + current;
    }

    @Override
    public String toString() {
        return "ServerMeters[" + name + "]";
    }
}
