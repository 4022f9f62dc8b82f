package io.otp4j.examples;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A ring of processes passing one token: the classic benchmark of message passing and context switching
 * (Joe Armstrong's "Programming Erlang", chapter 8's exercise). Each process learns its successor, then
 * forwards the token, counting it down, until the count reaches zero.
 */
public final class Ring implements AutoCloseable {

    /** Tells a ring member who comes next. */
    record Next(Pid next) {}

    /** The token, with the hops still to go and who to tell when it is done. */
    record Token(long hopsLeft, CompletableFuture<Long> done) {}

    private final Node node;
    private final List<Pid> members;

    private Ring(Node node, List<Pid> members) {
        this.node = node;
        this.members = members;
    }

    /**
     * Spawns a ring of {@code size} processes on {@code node}.
     *
     * @param node the node its processes run on
     * @param size how many processes; at least 2
     * @return the ring, its processes started and waiting for a token
     * @throws IllegalArgumentException if {@code size < 2}
     */
    public static Ring start(Node node, int size) {
        Objects.requireNonNull(node, "node");
        if (size < 2) {
            throw new IllegalArgumentException("a ring needs at least 2 processes, was " + size);
        }
        List<Pid> members = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            members.add(node.spawn(Ring::member));
        }
        for (int i = 0; i < size; i++) {
            node.send(members.get(i), new Next(members.get((i + 1) % size)));
        }
        return new Ring(node, List.copyOf(members));
    }

    private static void member(ProcessContext self) {
        Pid next = self.receive(Next.class).next();
        while (true) {
            Token token = self.receive(Token.class);
            if (token.hopsLeft() == 0) {
                token.done().complete(System.nanoTime());
            } else {
                self.send(next, new Token(token.hopsLeft() - 1, token.done()));
            }
        }
    }

    /** {@return the ring's processes, in ring order} */
    public List<Pid> members() {
        return members;
    }

    /**
     * Sends one token around the ring for {@code hops} hops and waits for it to come to rest.
     *
     * @param hops how many hops the token makes; at least 1
     * @param timeout how long to wait for the token to come to rest
     * @return the time the hops took
     * @throws IllegalArgumentException if {@code hops < 1}
     * @throws InterruptedException if the caller's thread is interrupted while it waits
     * @throws TimeoutException if the token did not come to rest within {@code timeout}
     */
    public Duration pass(long hops, Duration timeout) throws InterruptedException, TimeoutException {
        if (hops < 1) {
            throw new IllegalArgumentException("hops must be at least 1, was " + hops);
        }
        CompletableFuture<Long> done = new CompletableFuture<>();
        long start = System.nanoTime();
        node.send(members.get(0), new Token(hops - 1, done));
        try {
            return Duration.ofNanos(done.get(timeout.toNanos(), TimeUnit.NANOSECONDS) - start);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the ring failed", e.getCause());
        }
    }

    /** Stops the ring's processes. */
    @Override
    public void close() {
        for (Pid member : members) {
            node.exit(member, io.otp4j.process.ExitReason.shutdown());
        }
    }
}
