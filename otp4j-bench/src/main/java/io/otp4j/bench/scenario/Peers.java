package io.otp4j.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The peers one remote side starts, named {@code peer-0}, {@code peer-1}, ..., each on a free port of 127.0.0.1;
 * closing kills those still running. A peer's main takes {@code --name --port --initial --cluster}.
 */
final class Peers implements AutoCloseable {

    private final Class<?> mainClass;
    private final String clusterName;
    private final Map<String, String> env;
    private final IntFunction<String> initial;
    private final Predicate<String> joined;
    private final List<Peer> running = new ArrayList<>();
    private int started;

    /**
     * @param initial the {@code --initial} argument for a peer listening on the given port
     * @param joined whether the driver sees the peer of the given name as a member
     */
    Peers(
            Class<?> mainClass,
            String clusterName,
            Map<String, String> env,
            IntFunction<String> initial,
            Predicate<String> joined) {
        this.mainClass = mainClass;
        this.clusterName = clusterName;
        this.env = Map.copyOf(env);
        this.initial = initial;
        this.joined = joined;
    }

    /** {@return a new peer, once the driver sees it as a member} */
    Peer start() throws Exception {
        return start(List.of());
    }

    /** {@return a new peer given {@code extra} arguments after the usual ones, once the driver sees it as a member} */
    Peer start(List<String> extra) throws Exception {
        String name = "peer-" + started++;
        int port = Peer.freePort();
        List<String> args = new ArrayList<>(List.of(
                "--name",
                name,
                "--port",
                Integer.toString(port),
                "--initial",
                initial.apply(port),
                "--cluster",
                clusterName));
        args.addAll(extra);
        Peer peer = Peer.start(name, mainClass, args, env);
        running.add(peer);
        if (!Peer.await(() -> joined.test(name), Peer.START_BOUND)) {
            throw new IllegalStateException("peer " + name + " is not a member after " + Peer.START_BOUND);
        }
        return peer;
    }

    /** Kills {@code peer} (if it still runs) and waits for its end. */
    void stop(Peer peer) {
        peer.close();
        running.remove(peer);
    }

    @Override
    public void close() {
        running.forEach(Peer::close);
        running.clear();
    }
}
