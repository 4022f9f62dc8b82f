package io.otp4j.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestOptions;
import org.jgroups.util.NameCache;
import org.jspecify.annotations.Nullable;

/**
 * The remote workloads on bare JGroups, the ceiling of the engine otp4j-cluster runs on: the same jar, the same
 * stack ({@link EngineStack}), a {@link MessageDispatcher} on each side (synchronous requests for the calls,
 * asynchronous ones for the casts), regular messages as otp4j-cluster sends. The clients are platform threads,
 * as a JGroups program has them; the node-down is the view without the killed peer.
 */
final class JGroupsRemote implements RemoteSide {

    private static final Duration BOUND = OtpContender.BATCH_BOUND;

    private final JGroupsKnobs knobs;
    private final RequestOptions sync;

    private final String clusterName =
            "otp4j-bench-jgroups-" + ProcessHandle.current().pid();
    private final int port = Peer.freePort();
    private final JChannel channel;
    private final MessageDispatcher dispatcher;
    private final Peers peers;
    private final AtomicReference<CompletableFuture<Integer>> got = new AtomicReference<>(new CompletableFuture<>());
    private volatile @Nullable Watch watch;
    private volatile @Nullable View view;
    private @Nullable Peer server;

    /** Completes {@code lost} with the time a view without {@code member} arrived. */
    private record Watch(Address member, CompletableFuture<Long> lost) {}

    /** With the settings of otp4j-cluster's stack. */
    JGroupsRemote() throws Exception {
        this(JGroupsKnobs.DEFAULT);
    }

    /** With {@code knobs} on both sides. */
    JGroupsRemote(JGroupsKnobs knobs) throws Exception {
        this.knobs = knobs;
        this.sync = knobs.options(RequestOptions.SYNC().timeout(5_000));
        channel = new JChannel(EngineStack.of(port, List.of(port), knobs));
        channel.name("driver");
        dispatcher = new MessageDispatcher(channel, this::handle);
        dispatcher.setReceiver(new Receiver() {
            @Override
            public void viewAccepted(View next) {
                view = next;
                Watch w = watch;
                if (w != null && !next.containsMember(w.member())) {
                    w.lost().complete(System.nanoTime());
                }
            }
        });
        try {
            channel.connect(clusterName);
        } catch (Exception e) {
            channel.close();
            throw e;
        }
        peers = new Peers(
                JGroupsPeer.class,
                clusterName,
                Map.of(),
                peerPort -> port + "," + peerPort,
                name -> member(name) != null);
    }

    private @Nullable Object handle(Message message) {
        byte[] bytes = message.getArray();
        if (bytes[message.getOffset()] == JGroupsPeer.GOT) {
            got.get()
                    .complete(java.nio.ByteBuffer.wrap(bytes, message.getOffset() + 1, 4)
                            .getInt());
        }
        return null;
    }

    /** {@return the member named {@code name} in the current view, if there} */
    private @Nullable Address member(String name) {
        View v = view;
        if (v != null) {
            for (Address member : v.getMembers()) {
                if (name.equals(NameCache.get(member))) {
                    return member;
                }
            }
        }
        return null;
    }

    private Peer startPeer() throws Exception {
        return peers.start(List.of("--knobs", knobs.spec()));
    }

    private Address server() throws Exception {
        Peer peer = server;
        if (peer == null) {
            peer = startPeer();
            server = peer;
        }
        Address address = member(peer.name());
        if (address == null) {
            throw new IllegalStateException("peer " + peer.name() + " left the view");
        }
        return address;
    }

    @Override
    public Bench calls(int callers, int total) throws Exception {
        int each = OtpContender.share(total, callers);
        Address to = server();
        byte[] increment = JGroupsPeer.request(JGroupsPeer.INCREMENT, 1);
        ExecutorService clients = Executors.newFixedThreadPool(callers);
        return OtpContender.bench(
                () -> {
                    CountDownLatch done = new CountDownLatch(callers);
                    List<CompletableFuture<Void>> failures = new ArrayList<>();
                    long t0 = System.nanoTime();
                    for (int c = 0; c < callers; c++) {
                        CompletableFuture<Void> failure = new CompletableFuture<>();
                        failures.add(failure);
                        clients.execute(() -> {
                            try {
                                for (int i = 0; i < each; i++) {
                                    Integer value = dispatcher.sendMessage(new BytesMessage(to, increment), sync);
                                    if (value == null) {
                                        throw new IllegalStateException("no reply from " + to);
                                    }
                                }
                                failure.complete(null);
                            } catch (Exception e) {
                                failure.completeExceptionally(e);
                            } finally {
                                done.countDown();
                            }
                        });
                    }
                    if (!done.await(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new TimeoutException("a batch of " + callers + " callers did not end within " + BOUND);
                    }
                    long elapsed = System.nanoTime() - t0;
                    for (CompletableFuture<Void> failure : failures) {
                        failure.join();
                    }
                    return elapsed;
                },
                clients::shutdownNow);
    }

    @Override
    public Bench casts(int casts) throws Exception {
        Address to = server();
        byte[] tick = JGroupsPeer.request(JGroupsPeer.TICK, 0);
        RequestOptions async = RequestOptions.ASYNC(); // never the knobs' flags: OOB would lose the ticks' order
        return OtpContender.bench(
                () -> {
                    CompletableFuture<Integer> all = new CompletableFuture<>();
                    got.set(all);
                    long t0 = System.nanoTime();
                    dispatcher.sendMessage(new BytesMessage(to, JGroupsPeer.request(JGroupsPeer.EXPECT, casts)), async);
                    for (int i = 0; i < casts; i++) {
                        dispatcher.sendMessage(new BytesMessage(to, tick), async);
                    }
                    int count = all.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
                    if (count != casts) {
                        throw new IllegalStateException("the sink got " + count + " of " + casts);
                    }
                    return System.nanoTime() - t0;
                },
                () -> {});
    }

    @Override
    public Bench nodeDown() {
        return OtpContender.bench(this::nodeDownOnce, () -> {});
    }

    private long nodeDownOnce() throws Exception {
        Peer peer = startPeer();
        try {
            Address member = member(peer.name());
            if (member == null) {
                throw new IllegalStateException("peer " + peer.name() + " left the view before the kill");
            }
            Watch w = new Watch(member, new CompletableFuture<>());
            watch = w;
            long killed = peer.kill();
            return w.lost().get(BOUND.toNanos(), TimeUnit.NANOSECONDS) - killed;
        } finally {
            watch = null;
            peers.stop(peer);
        }
    }

    @Override
    public void close() {
        peers.close();
        try {
            dispatcher.close();
        } catch (java.io.IOException e) {
            // closing the channel below ends it anyway
        }
        channel.close();
    }
}
