package io.otp4j.observer;

import io.helidon.common.parameters.Parameters;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessStatus;
import io.otp4j.process.ProcessSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The processes page's query: filters, a sort key and a page, run on the server in one walk over the node's
 * processes. Only the first {@code (page + 1) * size} processes in sort order are kept (in a bounded heap), so
 * a page over a million processes costs one walk and little memory.
 *
 * @param sort what to sort by
 * @param descending whether the largest comes first
 * @param page the page, from 0
 * @param size processes per page
 * @param filter which processes to keep
 */
record ProcessQuery(Sort sort, boolean descending, int page, int size, Predicate<ProcessSummary> filter) {

    /** The most processes on one page. */
    static final int MAX_SIZE = 500;

    /** How deep pages may go: the heap holds at most this many processes. */
    static final int MAX_DEPTH = 100_000;

    /** The keys the processes page sorts by, with the names its addresses use. */
    enum Sort {
        PID("pid", Comparator.comparingLong(s -> s.pid().id())),
        MAILBOX("mailbox", Comparator.comparingInt(ProcessSummary::mailboxLength)),
        HANDLED("handled", Comparator.comparingLong(ProcessSummary::messagesHandled)),
        TYPE("type", Comparator.comparing(ProcessQuery::typeName)),
        TIME("time", Comparator.comparing(ProcessSummary::currentMessageTime)),
        STATUS("status", Comparator.comparing(ProcessSummary::status)),
        NAME("name", Comparator.comparing(s -> s.registeredName().orElse("")));

        final String key;
        final Comparator<ProcessSummary> order;

        Sort(String key, Comparator<ProcessSummary> order) {
            this.key = key;
            this.order = order;
        }

        static Sort of(String key) {
            for (Sort s : values()) {
                if (s.key.equals(key)) {
                    return s;
                }
            }
            throw BadRequest.badParameter("unknown sort key '" + Params.shorten(key) + "'; use one of "
                    + Arrays.stream(values()).map(s -> s.key).collect(Collectors.joining(", ")));
        }
    }

    /** A page of the answer: the processes on it, and how many matched the filters in all. */
    record Page(List<ProcessSummary> processes, long matched, long total) {}

    /** {@return the query that the request's parameters ask for} */
    static ProcessQuery parse(Parameters query) {
        Sort sort = Params.text(query, "sort").map(Sort::of).orElse(Sort.PID);
        String dir = Params.text(query, "dir").orElse(sort == Sort.PID || sort == Sort.NAME ? "asc" : "desc");
        if (!dir.equals("asc") && !dir.equals("desc")) {
            throw BadRequest.badParameter("dir '" + Params.shorten(dir) + "' must be asc or desc");
        }
        int size = (int) Params.number(query, "size", 1, MAX_SIZE, 50);
        int page = (int) Params.number(query, "page", 0, MAX_DEPTH, 0);
        if ((long) (page + 1) * size > MAX_DEPTH) {
            throw BadRequest.badParameter("page " + page + " of " + size + " goes deeper than " + MAX_DEPTH
                    + " processes; filter, or sort the other way");
        }
        Predicate<ProcessSummary> filter = s -> true;
        long minMailbox = Params.number(query, "minMailbox", 0, Integer.MAX_VALUE, 0);
        if (minMailbox > 0) {
            filter = filter.and(s -> s.mailboxLength() >= minMailbox);
        }
        long minHandled = Params.number(query, "minHandled", 0, Long.MAX_VALUE, 0);
        if (minHandled > 0) {
            filter = filter.and(s -> s.messagesHandled() >= minHandled);
        }
        long minTimeMs = Params.number(query, "minTimeMs", 0, Long.MAX_VALUE / 1_000_000, 0);
        if (minTimeMs > 0) {
            filter = filter.and(s -> s.currentMessageTime().toMillis() >= minTimeMs);
        }
        Optional<String> type = Params.text(query, "type");
        if (type.isPresent()) {
            String part = type.get().toLowerCase(Locale.ROOT);
            filter = filter.and(s -> typeName(s).toLowerCase(Locale.ROOT).contains(part));
        }
        Optional<String> name = Params.text(query, "name");
        if (name.isPresent()) {
            String part = name.get().toLowerCase(Locale.ROOT);
            filter = filter.and(s -> s.registeredName()
                    .map(n -> n.toLowerCase(Locale.ROOT).contains(part))
                    .orElse(false));
        }
        Optional<String> status = Params.text(query, "status");
        if (status.isPresent()) {
            ProcessStatus wanted = status(status.get());
            filter = filter.and(s -> s.status() == wanted);
        }
        return new ProcessQuery(sort, dir.equals("desc"), page, size, filter);
    }

    private static ProcessStatus status(String text) {
        for (ProcessStatus s : ProcessStatus.values()) {
            if (s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw BadRequest.badParameter("unknown status '" + Params.shorten(text) + "'; use one of "
                + Arrays.stream(ProcessStatus.values())
                        .map(s -> s.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")));
    }

    /** {@return the simple name of the type of the message the process is on, or "" if none} */
    static String typeName(ProcessSummary s) {
        return s.currentMessageType().map(Class::getSimpleName).orElse("");
    }

    /** {@return this query's page over the node's processes} */
    Page run(Node node) {
        Comparator<ProcessSummary> base = descending ? sort.order.reversed() : sort.order;
        Comparator<ProcessSummary> order = base.thenComparingLong(s -> s.pid().id());
        int keep = (page + 1) * size;
        // The heap's head is the worst kept process, dropped when a better one comes.
        PriorityQueue<ProcessSummary> best = new PriorityQueue<>(Math.min(keep, 1024) + 1, order.reversed());
        long[] counts = new long[2];
        node.view().forEach(s -> {
            counts[1]++;
            if (!filter.test(s)) {
                return;
            }
            counts[0]++;
            if (best.size() < keep) {
                best.add(s);
            } else if (order.compare(s, best.peek()) < 0) {
                best.poll();
                best.add(s);
            }
        });
        List<ProcessSummary> sorted = new ArrayList<>(best);
        sorted.sort(order);
        int from = Math.min(page * size, sorted.size());
        return new Page(List.copyOf(sorted.subList(from, sorted.size())), counts[0], counts[1]);
    }
}
