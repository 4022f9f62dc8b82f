package io.otp4j.cluster;

import io.otp4j.genserver.Call;
import io.otp4j.process.Pid;

/** What a {@link DistributedSupervisor} asks its node's server, and what the server sends itself. */
final class SupervisorRequests {

    private SupervisorRequests() {}

    /** The calls of the local API. */
    sealed interface Req<R> extends Call<R> {}

    /** Start a child; the answer is the node it is placed on, or an error text starting with {@code !}. */
    record StartChild(String id, String kind, Object argument) implements Req<String> {}

    record TerminateChild(String id) implements Req<Boolean> {}

    record Leave() implements Req<Boolean> {}

    /** Whether no child waits to move from this node and none is in flight from it. */
    record Quiet() implements Req<Boolean> {}

    /** Spend one move budget now; the answer is how many children moved. */
    record TickNow() implements Req<Integer> {}

    /** A tick of the move budget. */
    record Tick() {}

    record ChildUp(String id, Pid pid) {}

    record LeaveTimeout() {}
}
