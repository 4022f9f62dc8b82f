package io.otp4j.observer;

import io.helidon.http.HeaderNames;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.otp4j.process.NoProcException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dashboard's addresses: its pages, its JSON API, its event streams and its actions. */
final class Routes {

    /** The header that carries the token; a header, so that no other site's form or link can send it. */
    static final String TOKEN_HEADER = "X-Otp4j-Token";

    private static final System.Logger LOG = System.getLogger(Routes.class.getName());
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    private final Node node;
    private final byte[] token;
    private final Sampler sampler;
    private final Supervision supervision;
    private final Tracing tracing;
    private final ProcessPages processes;
    private final Catalog catalog;
    private final boolean loopbackOnly;

    /**
     * The names a page on this machine reaches a loopback-bound observer by. Any other Host header is refused: a
     * site whose name was rebound to 127.0.0.1 must not read the pages from a browser on this machine.
     */
    private static final Set<String> HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");

    Routes(Node node, String token, Sampler sampler, Supervision supervision, Catalog catalog, boolean loopbackOnly) {
        this.node = node;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.sampler = sampler;
        this.supervision = supervision;
        this.tracing = new Tracing(node);
        this.processes = new ProcessPages(node, tracing);
        this.catalog = catalog;
        this.loopbackOnly = loopbackOnly;
    }

    /** {@return the host part of a Host header (an IPv6 address keeps its brackets), in lower case} */
    static String hostOf(String authority) {
        int colon = authority.lastIndexOf(':');
        String host = colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
        return host.toLowerCase(java.util.Locale.ROOT);
    }

    /** Ends the pages' trace streams (the overview's ends with the sampler). */
    void close() {
        tracing.closeAll();
    }

    void register(HttpRouting.Builder r) {
        if (loopbackOnly) {
            r.addFilter((chain, req, res) -> {
                if (HOSTS.contains(hostOf(req.authority()))) {
                    chain.proceed();
                } else {
                    text(
                            res,
                            403,
                            "the observer answers only requests to 127.0.0.1 or localhost, not to '"
                                    + Params.shorten(req.authority()) + "'");
                }
            });
        }
        Pages.register(r);
        r.get("/api/node", guard((req, res) -> json(res, processes.nodeSummary())));
        r.get("/api/processes", guard((req, res) -> json(res, processes.list(req.query()))));
        r.get("/api/processes/{pid}", guard((req, res) -> json(res, processes.detail(pid(req)))));
        r.get("/api/processes/{pid}/state", guard((req, res) -> json(res, processes.state(pid(req)))));
        r.get("/api/processes/{pid}/trace", guard((req, res) -> stream(res, tracing.feed(pid(req)))));
        r.post("/api/processes/{pid}/{action}", guard(this::act));
        r.get("/api/trees", guard((req, res) -> json(res, supervision.trees())));
        r.get("/api/overview", guard((req, res) -> stream(res, sampler.feed())));
        r.get("/api/catalog", guard((req, res) -> json(res, catalog.summary())));
        r.get(
                "/api/catalog/{kind}/{name}",
                guard((req, res) -> json(
                        res,
                        catalog.entries(
                                req.path().pathParameters().get("kind"),
                                req.path().pathParameters().get("name"),
                                req.query()))));
        r.get("/api/cluster", guard((req, res) -> json(res, catalog.cluster())));
    }

    private void act(ServerRequest req, ServerResponse res) {
        checkToken(req);
        String action = req.path().pathParameters().get("action");
        Pid pid = pid(req);
        json(res, processes.act(pid, action, req.query()));
    }

    private void checkToken(ServerRequest req) {
        String given = req.headers().first(HeaderNames.create(TOKEN_HEADER)).orElse("");
        if (given.isEmpty()) {
            throw new BadRequest(
                    403,
                    "this action needs the observer's token in the " + TOKEN_HEADER
                            + " header; open the dashboard through the address printed with its token");
        }
        if (!MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new BadRequest(
                    403,
                    "the token in the " + TOKEN_HEADER
                            + " header is not this observer's; open the dashboard through the address printed with its token");
        }
    }

    private Pid pid(ServerRequest req) {
        return Params.pid(node, req.path().pathParameters().get("pid"));
    }

    /** Answers a bad request with its status and message, and anything unexpected with a 500 that says what. */
    private static Handler guard(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (BadRequest e) {
                text(res, e.status, String.valueOf(e.getMessage()));
            } catch (NoProcException e) {
                text(res, 404, String.valueOf(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "observer request " + req.path().path() + " failed",
                        e);
                text(res, 500, "the observer failed on this request: " + e);
            }
        };
    }

    private static void text(ServerResponse res, int status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(message.getBytes(StandardCharsets.UTF_8));
    }

    private static void json(ServerResponse res, Object value) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends the feed's items as server-sent events until the feed closes or the page goes away. */
    private static void stream(ServerResponse res, Feed<Map<String, Object>> feed) throws InterruptedException {
        try (SseSink sink = res.sink(SseSink.TYPE)) {
            long seen = -1;
            while (!feed.isClosed()) {
                List<Feed.Item<Map<String, Object>>> items = feed.after(seen, KEEP_ALIVE);
                if (items.isEmpty()) {
                    // A comment keeps the connection open, and fails once the page is gone.
                    sink.emit(SseEvent.builder().comment("alive").build());
                }
                for (Feed.Item<Map<String, Object>> item : items) {
                    sink.emit(SseEvent.builder()
                            .id(Long.toString(item.seq()))
                            .data(Json.write(item.value()))
                            .build());
                    seen = item.seq();
                }
            }
        } catch (UncheckedIOException | ServerConnectionException gone) {
            // The page was closed: nothing to do.
        }
    }
}
