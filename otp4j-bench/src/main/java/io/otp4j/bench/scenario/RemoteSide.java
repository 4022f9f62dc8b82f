package io.otp4j.bench.scenario;

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

    /** Stops the driver's side and every peer it started. */
    @Override
    void close();
}
