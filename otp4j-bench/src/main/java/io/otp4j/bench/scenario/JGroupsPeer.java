package io.otp4j.bench.scenario;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.blocks.MessageDispatcher;
import org.jgroups.blocks.RequestOptions;
import org.jspecify.annotations.Nullable;

/**
 * The raw JGroups peer of the remote workloads, the second JVM: a channel on {@link EngineStack} and a {@link
 * MessageDispatcher} whose handler is the counter (an increment request is answered with the new value) and the
 * cast sink (it counts ticks after an expect and tells the expecter when it has them all). Requests are a byte
 * and an int; no object crosses but the reply's {@link Integer}. Started by {@link JGroupsRemote}:
 *
 * <pre>
 * JGroupsPeer --name NAME --port PORT --initial PORT,PORT --cluster NAME --knobs SPEC
 * </pre>
 */
public final class JGroupsPeer {

    static final byte INCREMENT = 1;
    static final byte EXPECT = 2;
    static final byte TICK = 3;
    static final byte GOT = 4;

    private JGroupsPeer() {}

    public static void main(String[] args) throws Exception {
        List<Integer> initial = new ArrayList<>();
        for (String port : Peer.option(args, "--initial").split(",")) {
            initial.add(Integer.parseInt(port));
        }
        JChannel channel = new JChannel(EngineStack.of(
                Integer.parseInt(Peer.option(args, "--port")),
                initial,
                JGroupsKnobs.parse(Peer.option(args, "--knobs"))));
        channel.name(Peer.option(args, "--name"));
        MessageDispatcher dispatcher = new MessageDispatcher(channel);
        dispatcher.setRequestHandler(new Handler(dispatcher));
        channel.connect(Peer.option(args, "--cluster"));
        System.err.println("peer " + channel.getName() + " serves; view " + channel.getView());
        Peer.serveUntilStdinCloses();
    }

    /** {@return a request: the operation and its argument} */
    static byte[] request(byte op, int argument) {
        return ByteBuffer.allocate(5).put(op).putInt(argument).array();
    }

    /** The counter and the sink; the dispatcher runs it for one sender's regular messages one at a time. */
    private static final class Handler implements org.jgroups.blocks.RequestHandler {
        private final AtomicInteger count = new AtomicInteger();
        private final MessageDispatcher dispatcher;
        private int expected = -1;
        private int got;

        Handler(MessageDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public synchronized @Nullable Object handle(Message message) throws Exception {
            ByteBuffer request = ByteBuffer.wrap(message.getArray(), message.getOffset(), message.getLength());
            byte op = request.get();
            return switch (op) {
                case INCREMENT -> count.addAndGet(request.getInt());
                case EXPECT -> {
                    expected = request.getInt();
                    got = 0;
                    if (expected == 0) {
                        answer(message.getSrc(), 0);
                    }
                    yield null;
                }
                case TICK -> {
                    if (++got == expected) {
                        answer(message.getSrc(), got);
                    }
                    yield null;
                }
                default -> throw new IllegalArgumentException("unknown operation " + op);
            };
        }

        private void answer(Address to, int got) throws Exception {
            dispatcher.sendMessage(new BytesMessage(to, request(GOT, got)), RequestOptions.ASYNC());
        }
    }
}
