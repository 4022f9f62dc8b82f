package io.otp4j.observer;

import io.helidon.common.parameters.Parameters;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.PersistedStatus;
import io.otp4j.genserver.Sys;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessInfo;
import io.otp4j.process.ProcessStatus;
import io.otp4j.process.ProcessSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The processes list, a process's detail and state, and the actions on a process, as the pages read them. */
final class ProcessPages {

    private static final int MAX_REASON = 200;
    private static final int MAX_STATE = 20_000;
    private static final int MAX_FRAMES = 64;

    private final Node node;
    private final Tracing tracing;

    ProcessPages(Node node, Tracing tracing) {
        this.node = node;
        this.tracing = tracing;
    }

    Map<String, Object> nodeSummary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", node.name());
        out.put("processes", node.processCount());
        out.put("registered", node.registered().size());
        return out;
    }

    Map<String, Object> list(Parameters query) {
        ProcessQuery q = ProcessQuery.parse(query);
        long start = System.nanoTime();
        ProcessQuery.Page page = q.run(node);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ProcessSummary s : page.processes()) {
            rows.add(row(s));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("node", node.name());
        out.put("sort", q.sort().key);
        out.put("dir", q.descending() ? "desc" : "asc");
        out.put("page", q.page());
        out.put("size", q.size());
        out.put("matched", page.matched());
        out.put("total", page.total());
        out.put("tookMs", (System.nanoTime() - start) / 1_000_000);
        out.put("processes", rows);
        return out;
    }

    private static Map<String, Object> row(ProcessSummary s) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pid", s.pid().id());
        row.put("pidText", s.pid().toString());
        row.put("name", s.registeredName().orElse(""));
        row.put("status", lower(s.status()));
        row.put("mailbox", s.mailboxLength());
        row.put("handled", s.messagesHandled());
        row.put("type", ProcessQuery.typeName(s));
        row.put("timeMs", s.currentMessageTime().toMillis());
        return row;
    }

    Map<String, Object> detail(Pid pid) {
        ProcessInfo info = node.info(pid).orElseThrow(() -> BadRequest.notFound(pid + " exited"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pid", pid.id());
        out.put("pidText", pid.toString());
        out.put("names", info.names());
        out.put("status", lower(info.status()));
        out.put("mailbox", info.mailboxLength());
        out.put("handled", info.messagesHandled());
        out.put("dropped", info.droppedMessages());
        out.put("mailboxKind", info.mailbox().toString());
        out.put("type", info.currentMessageType().map(Class::getName).orElse(""));
        out.put("timeMs", info.currentMessageTime().toMillis());
        out.put("trapExits", info.trapExits());
        out.put("links", pids(info.links()));
        out.put("monitors", pids(info.monitors()));
        out.put("monitoredBy", pids(info.monitoredBy()));
        out.put("server", GenServerRef.of(pid).isPresent());
        out.put("traced", tracing.isTraced(pid));
        List<String> stack = new ArrayList<>();
        for (StackTraceElement frame : node.view().stack(pid)) {
            if (stack.size() == MAX_FRAMES) {
                stack.add("...");
                break;
            }
            stack.add(frame.toString());
        }
        out.put("stack", stack);
        return out;
    }

    /**
     * {@return the server's state as its formatStatus shows it (asked through Sys, which may wait)}; for a server
     * whose formatStatus is a {@link PersistedStatus}, also its identity, store, incarnation and persisted version
     */
    Map<String, Object> state(Pid pid) {
        Map<String, Object> out = new LinkedHashMap<>();
        GenServerRef<?, ?> server = GenServerRef.of(pid).orElse(null);
        if (server == null) {
            out.put("state", null);
            out.put("note", "not a generic server: only servers have a state to show");
        } else if (node.view()
                .summary(pid)
                .map(s -> s.status() == ProcessStatus.SUSPENDED)
                .orElse(false)) {
            out.put("state", null);
            out.put("note", "suspended: the state is shown once it is resumed");
        } else {
            try {
                Object status = Sys.getState(server);
                if (status instanceof PersistedStatus persisted) {
                    // A durable server: where its state lives and how far it is stored, then the state itself.
                    Map<String, Object> where = new LinkedHashMap<>();
                    where.put("identity", persisted.identity());
                    where.put("store", persisted.store());
                    where.put("incarnation", persisted.incarnation());
                    where.put("version", persisted.version());
                    out.put("persisted", where);
                    status = persisted.state();
                }
                out.put("state", Params.cut(String.valueOf(status), MAX_STATE));
            } catch (RuntimeException e) {
                out.put("state", null);
                out.put("note", "the server did not answer: " + e.getMessage());
            }
        }
        return out;
    }

    /** Runs an action on the process: kill (with a reason), suspend, resume, trace (on or off). */
    Map<String, Object> act(Pid pid, String action, Parameters query) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pid", pid.id());
        out.put("action", action);
        switch (action) {
            case "kill" -> {
                String reason = Params.text(query, "reason").orElse("kill");
                if (reason.length() > MAX_REASON) {
                    throw BadRequest.badParameter("reason is longer than " + MAX_REASON + " characters");
                }
                ExitReason exit = switch (reason) {
                    case "kill" -> ExitReason.kill();
                    case "shutdown" -> ExitReason.shutdown();
                    case "normal" -> ExitReason.normal();
                    default -> ExitReason.custom(reason);
                };
                node.exit(pid, exit);
                out.put("reason", exit.toString());
            }
            case "suspend" -> node.suspend(pid);
            case "resume" -> {
                if (!node.resume(pid)) {
                    throw new BadRequest(409, pid + " is not suspended");
                }
            }
            case "trace" -> {
                String on = Params.text(query, "on").orElse("true");
                if (!on.equals("true") && !on.equals("false")) {
                    throw BadRequest.badParameter("on '" + Params.shorten(on) + "' must be true or false");
                }
                tracing.trace(pid, on.equals("true"));
                out.put("traced", on.equals("true"));
            }
            default ->
                throw BadRequest.notFound(
                        "unknown action '" + Params.shorten(action) + "'; use kill, suspend, resume or trace");
        }
        return out;
    }

    private List<Map<String, Object>> pids(List<Pid> pids) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Pid p : pids) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("pid", p.id());
            one.put("pidText", p.toString());
            one.put("local", node.view().find(p.id()).filter(p::equals).isPresent());
            out.add(one);
        }
        return out;
    }

    private static String lower(ProcessStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }
}
