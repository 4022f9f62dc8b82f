package io.otp4j.observer;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The pages, script and style, served from this module's resources: a fixed list, nothing else is reachable.
 * Each page is its main part, set into one layout (the header and the menu) once, at start.
 */
final class Pages {

    /** Each page's file (its main part) and title. */
    private static final Map<String, String> TITLES = Map.of(
            "processes", "Processes",
            "process", "Process",
            "trees", "Supervision",
            "overview", "Overview",
            "catalog", "Registries and tables",
            "cluster", "Cluster");

    private static final String HTML = "text/html; charset=utf-8";

    private Pages() {}

    static void register(HttpRouting.Builder r) {
        String layout = new String(read("layout.html"), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> page : TITLES.entrySet()) {
            byte[] body = layout.replace("${title}", page.getValue())
                    .replace("${page}", page.getKey())
                    .replace("${main}", new String(read(page.getKey() + ".html"), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            r.get("/" + page.getKey() + ".html", (req, res) -> send(res, HTML, body));
            if (page.getKey().equals("processes")) {
                r.get("/", (req, res) -> send(res, HTML, body));
            }
        }
        byte[] script = read("observer.js");
        r.get("/observer.js", (req, res) -> send(res, "text/javascript; charset=utf-8", script));
        byte[] style = read("observer.css");
        r.get("/observer.css", (req, res) -> send(res, "text/css; charset=utf-8", style));
    }

    private static void send(ServerResponse res, String type, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'self'; img-src 'self' data:");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.send(body);
    }

    private static byte[] read(String file) {
        try (InputStream in = Pages.class.getResourceAsStream("web/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the observer's resource web/" + file + " is missing from its jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
