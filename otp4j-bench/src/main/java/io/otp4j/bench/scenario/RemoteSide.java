package io.otp4j.bench.scenario;

import org.jspecify.annotations.Nullable;

/**
 * One system the remote workloads run on ({@link RemoteScenarios}): this JVM is the driver, and a second JVM (a
 * {@link Peer} it starts and kills by its pid) holds the servers, on 127.0.0.1. {@link OtpRemote} is otp4j with
 * otp4j-cluster; {@link JGroupsRemote} is the engine under it, bare. The BEAM's side is {@code
 * otp4j-bench/beam/remote.exs}.
 */
interface RemoteSide extends AutoCloseable {

    /** The name the counter server is registered under on the peer. */
    String COUNTER = "counter";

    /** The name the cast sink is registered under on the peer. */
    String SINK = "sink";

    /**
     * Calls on the counter of the peer: {@code callers} clients of the driver make {@code total / callers}
     * increment calls each, in a row, every batch.
     */
    Bench calls(int callers, int total) throws Exception;

    /**
     * One client of the driver tells the peer's sink to expect {@code casts} messages, sends them, and waits for the
     * sink's word that it got them all.
     */
    Bench casts(int casts) throws Exception;

    /**
     * Node-down detection: a batch starts a new peer, waits until the driver sees it, kills it (SIGKILL) and
     * {@return a bench whose batch returns the nanoseconds from the kill until the driver knows the peer is down}
     */
    Bench nodeDown();

    /**
     * Cluster-wide unique names: every batch, one client of the driver registers {@code names} new names, each for a
     * new process of its own. {@return null if this system has no cluster registry}
     */
    default @Nullable Bench register(int names) throws Exception {
        return null;
    }

    /**
     * Lookups of {@code names} names held by processes of the peer, one client of the driver, every batch. {@return
     * null if this system has no cluster registry}
     */
    default @Nullable Bench lookup(int names) throws Exception {
        return null;
    }

    /**
     * Process groups: every batch, one client of the driver joins {@code groups} new groups. {@return null if this
     * system has no process groups}
     */
    default @Nullable Bench join(int groups) throws Exception {
        return null;
    }

    /**
     * Failover: a batch starts a new peer holding {@code children} supervised children, kills it (SIGKILL) and
     * {@return a bench whose batch returns the nanoseconds from the kill until every child runs again on the driver},
     * or null if this system has no distributed supervisor
     */
    default @Nullable Bench failover(int children) throws Exception {
        return null;
    }

    /** Stops the driver's side and every peer it started. */
    @Override
    void close();
}
