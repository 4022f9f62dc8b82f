package io.otp4j.cluster;

import io.otp4j.process.Node;
import java.util.HashSet;
import java.util.Set;

/**
 * The bytes of the quorum log: each command or answer is a value of the cluster's codec (ADR 23), decoded only
 * if its classes are on the allow-list: the cluster's, and the quorum's own commands.
 */
final class QuorumCodec {

    /** A snapshot holds every entry: larger than a message may be. */
    private static final int MAX_BYTES = 256 * 1024 * 1024;

    private final Codec codec;

    QuorumCodec(Node node, ClusterConfig config) {
        Set<Class<?>> classes = new HashSet<>(config.allowedClasses());
        classes.addAll(QuorumCommand.CLASSES);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.codec = new Codec(
                node,
                new AllowList(classes, config.allowedPackages(), config.codecs()),
                MAX_BYTES,
                loader != null ? loader : QuorumCodec.class.getClassLoader());
    }

    /**
     * {@return the bytes of {@code value}}
     *
     * @throws NotEncodableException naming the class that cannot cross
     */
    byte[] encode(Object value) {
        return codec.encode(new Frame.Reply(0, value));
    }

    /**
     * {@return the value in {@code length} bytes of {@code bytes} from {@code offset}}
     *
     * @throws BadFrameException if they are not a value this node allows
     */
    Object decode(byte[] bytes, int offset, int length) throws BadFrameException {
        if (codec.decode(bytes, offset, length) instanceof Frame.Reply reply) {
            return reply.value();
        }
        throw new BadFrameException("a quorum log entry is not a value");
    }
}
