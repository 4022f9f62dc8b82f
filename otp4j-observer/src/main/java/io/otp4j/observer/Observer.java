package io.otp4j.observer;

import io.helidon.webserver.WebServer;
import io.otp4j.cache.Cache;
import io.otp4j.process.Node;
import io.otp4j.registry.Registry;
import io.otp4j.stage.StageRef;
import io.otp4j.table.Table;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A live web dashboard for one node, served by Helidon SE's web server (handlers on virtual threads).
 *
 * {@snippet class="io.otp4j.observer.ObserverDocSnippetsTest" region="start"}
 *
 * <p>It binds to 127.0.0.1 unless told otherwise. Pages only read; actions (kill, suspend, resume, trace) need
 * the observer's token in the {@code X-Otp4j-Token} header, which the pages send once opened through {@link
 * #url()}: the token travels in the address's fragment, which browsers never send to a server.
 */
public final class Observer implements AutoCloseable {

    private final Node node;
    private final String token;
    private final Sampler sampler;
    private final WebServer server;
    private final String host;
    private final Routes routes;
    private final Supervision supervision;

    private Observer(Builder b) {
        this.node = b.node;
        this.token = b.token != null ? b.token : newToken();
        this.host = b.host;
        this.supervision = new Supervision(node);
        this.sampler = new Sampler(node, b.sampleEvery, supervision);
        Catalog catalog = new Catalog(b.registries, b.tables, b.caches, b.stages, Optional.ofNullable(b.cluster));
        boolean loopback = b.host.equals("127.0.0.1") || b.host.equals("localhost") || b.host.equals("::1");
        this.routes = new Routes(node, token, sampler, supervision, catalog, loopback);
        this.server = WebServer.builder()
                .host(b.host)
                .port(b.port)
                .routing(routes::register)
                .build();
    }

    /**
     * {@return a builder of an observer of {@code node}}
     *
     * @param node the node to observe
     */
    public static Builder builder(Node node) {
        return new Builder(Objects.requireNonNull(node, "node"));
    }

    private Observer start() {
        server.start();
        sampler.start();
        return this;
    }

    /** {@return the port the dashboard listens on} */
    public int port() {
        return server.port();
    }

    /** {@return the token that actions need} */
    public String token() {
        return token;
    }

    /** {@return the dashboard's address, without the token} */
    public URI address() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** {@return the dashboard's address with the token in its fragment: open this one to be allowed actions} */
    public URI url() {
        return address().resolve("/#token=" + token);
    }

    /** {@return the node observed} */
    public Node node() {
        return node;
    }

    /** Stops the web server and the sampling; the node goes on. */
    @Override
    public void close() {
        sampler.close();
        routes.close();
        server.stop();
        supervision.close();
    }

    @Override
    public String toString() {
        return "Observer[" + address() + " of " + node.name() + "]";
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Sets up an {@link Observer}: where it listens, its token, how often it samples. */
    public static final class Builder {

        private final Node node;
        private String host = "127.0.0.1";
        private int port = 0;
        private @Nullable String token;
        private Duration sampleEvery = Duration.ofSeconds(1);
        private final Map<String, Registry<?, ?>> registries = new LinkedHashMap<>();
        private final Map<String, Table<?, ?>> tables = new LinkedHashMap<>();
        private final Map<String, Cache<?, ?>> caches = new LinkedHashMap<>();
        private final Map<String, StageRef<?, ?>> stages = new LinkedHashMap<>();
        private @Nullable Supplier<List<Map<String, Object>>> cluster;

        private Builder(Node node) {
            this.node = node;
        }

        /**
         * Listens on this address (127.0.0.1 unless set). On a loopback address the observer answers only requests
         * addressed to 127.0.0.1, localhost or [::1]; any other address exposes the dashboard beyond this host and
         * answers any Host.
         *
         * @param host the address to listen on: an IP address or host name; not blank
         * @return this builder
         */
        public Builder host(String host) {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is blank; give an address such as 127.0.0.1");
            }
            this.host = host;
            return this;
        }

        /**
         * Listens on this port; 0 (the default) takes any free port, read back with {@link Observer#port()}.
         *
         * @param port the TCP port, from 0 to 65535; 0 takes any free one
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port " + port + " is out of range: from 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /**
         * Uses this token for actions instead of a random one (16 characters at least).
         *
         * @param token the token actions must carry: at least 16 printable ASCII characters, no spaces
         * @return this builder
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new IllegalArgumentException(
                        "a token needs 16 printable ASCII characters at least, without spaces");
            }
            this.token = token;
            return this;
        }

        /**
         * Samples the overview's figures this often (every second unless set).
         *
         * @param every the sampling period, from 10 ms to 1 minute
         * @return this builder
         */
        public Builder sampleEvery(Duration every) {
            Objects.requireNonNull(every, "every");
            if (every.toMillis() < 10 || every.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("sampleEvery " + every + " is out of range: from 10 ms to 1 minute");
            }
            this.sampleEvery = every;
            return this;
        }

        /**
         * Shows this registry's keys and entries under {@code name}.
         *
         * @param name its name in the dashboard: 1 to 100 printable ASCII characters without spaces or /, unique
         *     among its kind
         * @param registry the registry to show
         * @return this builder
         */
        public Builder registry(String name, Registry<?, ?> registry) {
            registries.put(checkName(name, registries), Objects.requireNonNull(registry, "registry"));
            return this;
        }

        /**
         * Shows this table's size, owner and entries under {@code name}.
         *
         * @param name its name in the dashboard: 1 to 100 printable ASCII characters without spaces or /, unique
         *     among its kind
         * @param table the table to show
         * @return this builder
         */
        public Builder table(String name, Table<?, ?> table) {
            tables.put(checkName(name, tables), Objects.requireNonNull(table, "table"));
            return this;
        }

        /**
         * Shows this cache's size and statistics under {@code name}.
         *
         * @param name its name in the dashboard: 1 to 100 printable ASCII characters without spaces or /, unique
         *     among its kind
         * @param cache the cache to show
         * @return this builder
         */
        public Builder cache(String name, Cache<?, ?> cache) {
            caches.put(checkName(name, caches), Objects.requireNonNull(cache, "cache"));
            return this;
        }

        /**
         * Shows this stage's demand and buffer under {@code name}.
         *
         * @param name its name in the dashboard: 1 to 100 printable ASCII characters without spaces or /, unique
         *     among its kind
         * @param stage the stage to show
         * @return this builder
         */
        public Builder stage(String name, StageRef<?, ?> stage) {
            stages.put(checkName(name, stages), Objects.requireNonNull(stage, "stage"));
            return this;
        }

        /**
         * Shows the cluster this node is a member of: the nodes and their state. Needs otp4j-cluster, which the
         * observer reads only when given a cluster.
         *
         * @param cluster the membership of this observer's node to show
         * @return this builder
         */
        public Builder cluster(io.otp4j.cluster.Cluster cluster) {
            this.cluster = new ClusterView(Objects.requireNonNull(cluster, "cluster"));
            return this;
        }

        private static String checkName(String name, Map<String, ?> taken) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 100 || !name.chars().allMatch(c -> c > 32 && c < 127 && c != '/')) {
                throw new IllegalArgumentException(
                        "name '" + name + "' must be 1 to 100 printable ASCII characters, without spaces or '/'");
            }
            if (taken.containsKey(name)) {
                throw new IllegalArgumentException("two observed things of one kind are named " + name);
            }
            return name;
        }

        /** {@return a started observer} */
        public Observer start() {
            return new Observer(this).start();
        }
    }
}
