package io.otp4j.observer;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Sys;
import io.otp4j.genserver.TraceEvent;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generic servers traced from the dashboard ({@link Sys#trace}), each with a feed of its last trace events
 * that its detail page follows live.
 */
final class Tracing {

    private static final int KEPT = 200;
    private static final int MAX_TEXT = 300;

    private final Node node;
    private final Map<Pid, Feed<Map<String, Object>>> traced = new ConcurrentHashMap<>();

    Tracing(Node node) {
        this.node = node;
    }

    boolean isTraced(Pid pid) {
        return traced.containsKey(pid);
    }

    /** Turns tracing of the server {@code pid} on or off. */
    void trace(Pid pid, boolean on) {
        GenServerRef<?, ?> server = GenServerRef.of(pid)
                .orElseThrow(() -> new BadRequest(409, pid + " is not a generic server; only servers are traced"));
        if (node.view()
                .summary(pid)
                .map(s -> s.status() == ProcessStatus.SUSPENDED)
                .orElse(false)) {
            throw new BadRequest(409, pid + " is suspended and cannot take the trace request; resume it first");
        }
        if (on) {
            Feed<Map<String, Object>> feed = traced.computeIfAbsent(pid, p -> new Feed<>(KEPT));
            Sys.trace(server, event -> feed.append(describe(event)));
        } else {
            Sys.untrace(server);
            Feed<Map<String, Object>> feed = traced.remove(pid);
            if (feed != null) {
                feed.close();
            }
        }
    }

    /** {@return the feed of the server's trace events, a new empty one if it is not traced} */
    Feed<Map<String, Object>> feed(Pid pid) {
        Feed<Map<String, Object>> feed = traced.get(pid);
        return feed != null ? feed : new Feed<>(1);
    }

    void closeAll() {
        traced.values().forEach(Feed::close);
    }

    private static Map<String, Object> describe(TraceEvent event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", System.currentTimeMillis());
        out.put("kind", event.kind().name().toLowerCase(java.util.Locale.ROOT));
        out.put("message", Params.cut(String.valueOf(event.message()), MAX_TEXT));
        out.put("detail", Params.cut(event.detail(), MAX_TEXT));
        return out;
    }
}
