package io.otp4j.genserver;

import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.genserver.spi.Refusal;
import io.otp4j.genserver.spi.RemoteCalls;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.time.Deadline;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The serving side of calls and casts from other nodes: finds the server the caller named, checks it is of the
 * type the caller's reference has, and queues the request as a local caller's would be, with an answer that goes
 * back over the wire.
 */
final class RemoteServing implements RemoteCalls {

    @Override
    public void serve(
            Node node,
            @Nullable Pid server,
            @Nullable String name,
            @Nullable String serverClass,
            Object request,
            long timeoutNanos,
            CallAnswer answer) {
        Objects.requireNonNull(answer, "answer");
        if (!(request instanceof Call<?>)) {
            answer.refused(
                    Refusal.WRONG_TYPE, request.getClass().getName() + " is not a Call: servers take only calls");
            return;
        }
        Optional<Pid> pid = target(node, server, name);
        if (pid.isEmpty()) {
            answer.refused(Refusal.NOT_FOUND, "no process is registered as " + name + " on node " + node.name());
            return;
        }
        Optional<ServerCore> found = ServerCore.of(pid.get());
        if (found.isEmpty()) {
            if (name != null) {
                answer.refused(
                        Refusal.NOT_FOUND,
                        "the process " + pid.get() + " registered as " + name + " on node " + node.name()
                                + " is not a live server");
            } else {
                answer.exited(ExitReason.noproc()); // as a local call to a server that is gone
            }
            return;
        }
        ServerCore core = found.get();
        if (serverClass != null && !isA(core.serverClass(), serverClass)) {
            answer.refused(
                    Refusal.WRONG_TYPE,
                    "the server " + pid.get() + " on node " + node.name() + " is a "
                            + core.serverClass().getName() + ", not a " + serverClass);
            return;
        }
        From from = new From(request, core, answer, Deadline.after(node.clock(), timeoutNanos));
        try {
            if (!core.enqueue(pid.get(), from)) {
                answer.refused(Refusal.DROPPED, "the server " + pid.get() + "'s bounded mailbox dropped " + request);
            }
        } catch (MailboxFullException e) {
            answer.refused(Refusal.DROPPED, e.getMessage());
        }
    }

    @Override
    public void cast(Node node, @Nullable Pid server, @Nullable String name, Object request) {
        target(node, server, name).ifPresent(pid -> {
            try {
                node.send(pid, new CastEnvelope(request));
            } catch (MailboxFullException e) {
                // A cast that cannot wait is dropped, as one to a server that is not alive; the mailbox counts it.
            }
        });
    }

    private static Optional<Pid> target(Node node, @Nullable Pid server, @Nullable String name) {
        if (server != null) {
            return Optional.of(server);
        }
        return node.whereis(Objects.requireNonNull(name, "a call from another node names a pid or a name"));
    }

    /** {@return whether {@code type} is the class named {@code className}, or extends or implements it} */
    static boolean isA(@Nullable Class<?> type, String className) {
        if (type == null) {
            return false;
        }
        if (type.getName().equals(className) || isA(type.getSuperclass(), className)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isA(i, className)) {
                return true;
            }
        }
        return false;
    }
}
