package io.otp4j.cluster;

import io.otp4j.process.OverflowPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How a node joins a cluster ({@link Cluster#join}): immutable; each {@code with…} method returns a copy.
 *
 * @param clusterName the cluster's name: nodes with the same name (and secret) form one cluster
 * @param bindAddress the address the TCP transport listens on (default {@code 127.0.0.1})
 * @param port the TCP port this node listens on (default 7800; 0 picks a free one)
 * @param initialMembers where TCP discovery looks for the other members, as {@code host:port} (TCPPING's static
 *     list); empty for the first node or for {@link Transport#SHARED_LOOPBACK}
 * @param secret the secret every member shares; a node without it, or with another, is refused. Never sent: a
 *     joiner proves it knows it with an HMAC (ADR 22). Empty means none, which {@link Cluster#join} refuses
 * @param allowedClasses record and enum classes that may cross in messages, besides otp4j's own
 * @param allowedPackages packages whose record and enum classes may cross (exactly these packages, not their
 *     sub-packages)
 * @param transport TCP between JVMs, or JGroups' in-JVM shared loopback (several nodes in one JVM, no sockets)
 * @param maxFrameBytes the largest encoded frame sent or accepted (default 1 MiB); a larger one fails at the
 *     sender and is dropped and counted at a receiver
 * @param codecs codecs for classes the default wire format does not carry, one per class ({@link ValueCodec})
 * @param outboundQueue the bound of each peer's outbound queue, and what a full one does with one more message
 *     (ADR 27; default {@link OutboundQueue#DEFAULT}: 65,536 messages, senders wait up to 5 s)
 * @param batchBytes the most bytes of waiting frames sent together in one JGroups message (default 64 KiB;
 *     0 sends each frame alone); never more than {@code maxFrameBytes}
 * @param encryption whether frames travel encrypted (AES-GCM, with a key derived from the secret; ADR 27).
 *     Every member must agree: a node of the other setting is refused at join, as if its secret differed
 */
public record ClusterConfig(
        String clusterName,
        String bindAddress,
        int port,
        List<String> initialMembers,
        String secret,
        Set<Class<?>> allowedClasses,
        Set<String> allowedPackages,
        Transport transport,
        int maxFrameBytes,
        List<ValueCodec<?>> codecs,
        OutboundQueue outboundQueue,
        int batchBytes,
        boolean encryption) {

    /** How the members reach each other. */
    public enum Transport {
        /** JGroups' TCP, bound to {@link #bindAddress}, discovering members with TCPPING. */
        TCP,
        /** JGroups' SHARED_LOOPBACK: nodes of one JVM, without sockets; for tests. */
        SHARED_LOOPBACK
    }

    /** The default largest frame: 1 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1 << 20;

    /** The default budget of one batch of frames: 64 KiB. */
    public static final int DEFAULT_BATCH_BYTES = 64 << 10;

    /**
     * The bound of the queue of frames waiting to be sent to one peer, as a bounded mailbox's ({@link
     * io.otp4j.process.MailboxConfig.Bounded}): only messages count against it and only messages are refused;
     * signals (exits, links, monitors, Downs) are always queued (ADR 27).
     *
     * @param capacity the most messages waiting for one peer; at least 1
     * @param policy what a full queue does with one more message
     * @param maxWait with {@link OverflowPolicy#BLOCK}, how long a sender waits for room; otherwise zero
     */
    public record OutboundQueue(int capacity, OverflowPolicy policy, Duration maxWait) {

        /** 65,536 messages per peer; a sender waits up to 5 seconds for room, then gets an exception. */
        public static final OutboundQueue DEFAULT =
                new OutboundQueue(1 << 16, OverflowPolicy.BLOCK, Duration.ofSeconds(5));

        /** Checks every argument. */
        public OutboundQueue {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(maxWait, "maxWait");
            if (capacity < 1) {
                throw new IllegalArgumentException("outbound queue capacity must be at least 1, was " + capacity);
            }
            if (maxWait.isNegative()) {
                throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
            }
            if (policy != OverflowPolicy.BLOCK && !maxWait.isZero()) {
                throw new IllegalArgumentException(
                        "maxWait applies only to OverflowPolicy.BLOCK; give Duration.ZERO with " + policy);
            }
        }
    }

    /** Checks and copies every argument. */
    public ClusterConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(initialMembers, "initialMembers");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(allowedClasses, "allowedClasses");
        Objects.requireNonNull(allowedPackages, "allowedPackages");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(codecs, "codecs");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName is blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        if (maxFrameBytes < 64) {
            throw new IllegalArgumentException("maxFrameBytes " + maxFrameBytes + " is under 64");
        }
        Objects.requireNonNull(outboundQueue, "outboundQueue");
        if (batchBytes < 0) {
            throw new IllegalArgumentException("batchBytes " + batchBytes + " is negative");
        }
        initialMembers = List.copyOf(initialMembers);
        for (String member : initialMembers) {
            HostPort.parse(member);
        }
        allowedClasses = Set.copyOf(allowedClasses);
        allowedPackages = Set.copyOf(allowedPackages);
        codecs = List.copyOf(codecs);
        Set<String> types = new java.util.HashSet<>();
        for (ValueCodec<?> codec : codecs) {
            if (!types.add(codec.type().getName())) {
                throw new IllegalArgumentException(
                        "two codecs for " + codec.type().getName() + ": give one per class");
            }
        }
    }

    /**
     * {@return a configuration for the cluster {@code clusterName} with the defaults and no secret yet}
     *
     * @param clusterName the cluster's name: nodes with the same name (and secret) form one cluster
     */
    public static ClusterConfig of(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName");
        return new ClusterConfig(
                clusterName,
                "127.0.0.1",
                7800,
                List.of(),
                "",
                Set.of(),
                Set.of(),
                Transport.TCP,
                DEFAULT_MAX_FRAME_BYTES,
                List.of(),
                OutboundQueue.DEFAULT,
                DEFAULT_BATCH_BYTES,
                false);
    }

    /**
     * {@return a copy with the cluster's name {@code clusterName}}
     *
     * @param clusterName the cluster's name: nodes with the same name (and secret) form one cluster
     */
    public ClusterConfig withClusterName(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName");
        return with(parts -> parts.clusterName = clusterName);
    }

    /**
     * {@return a copy that binds the TCP transport to {@code bindAddress}}
     *
     * @param bindAddress the address the TCP transport listens on (default {@code 127.0.0.1})
     */
    public ClusterConfig withBindAddress(String bindAddress) {
        Objects.requireNonNull(bindAddress, "bindAddress");
        return with(parts -> parts.bindAddress = bindAddress);
    }

    /**
     * {@return a copy that listens on {@code port}}
     *
     * @param port the TCP port this node listens on (default 7800; 0 picks a free one)
     */
    public ClusterConfig withPort(int port) {
        return with(parts -> parts.port = port);
    }

    /**
     * {@return a copy that discovers the members at {@code initialMembers}, each {@code host:port}}
     *
     * @param initialMembers where TCP discovery looks for the other members, as {@code host:port}
     */
    public ClusterConfig withInitialMembers(List<String> initialMembers) {
        Objects.requireNonNull(initialMembers, "initialMembers");
        return with(parts -> parts.initialMembers = initialMembers);
    }

    /**
     * {@return a copy with the shared secret {@code secret}}
     *
     * @param secret the secret every member shares; never sent. Empty means none, which {@link Cluster#join} refuses
     */
    public ClusterConfig withSecret(String secret) {
        Objects.requireNonNull(secret, "secret");
        return with(parts -> parts.secret = secret);
    }

    /**
     * {@return a copy that also lets the record or enum class {@code type} cross}
     *
     * @param type a record or enum class that may cross in messages
     */
    public ClusterConfig withAllowedClass(Class<?> type) {
        Objects.requireNonNull(type, "type");
        Set<Class<?>> classes = new LinkedHashSet<>(allowedClasses);
        classes.add(type);
        return with(parts -> parts.allowedClasses = classes);
    }

    /**
     * {@return a copy that also lets the record and enum classes of the package {@code packageName} cross}
     *
     * @param packageName a package whose record and enum classes may cross (not its sub-packages)
     */
    public ClusterConfig withAllowedPackage(String packageName) {
        Objects.requireNonNull(packageName, "packageName");
        Set<String> packages = new LinkedHashSet<>(allowedPackages);
        packages.add(packageName);
        return with(parts -> parts.allowedPackages = packages);
    }

    /**
     * {@return a copy that uses {@code transport}}
     *
     * @param transport TCP between JVMs, or JGroups' in-JVM shared loopback (for tests)
     */
    public ClusterConfig withTransport(Transport transport) {
        Objects.requireNonNull(transport, "transport");
        return with(parts -> parts.transport = transport);
    }

    /**
     * {@return a copy whose largest frame is {@code maxFrameBytes}}
     *
     * @param maxFrameBytes the largest encoded frame sent or accepted, in bytes (default 1 MiB)
     */
    public ClusterConfig withMaxFrameBytes(int maxFrameBytes) {
        return with(parts -> parts.maxFrameBytes = maxFrameBytes);
    }

    /**
     * {@return a copy that carries the values of {@code codec}'s class with it} (which also lets them cross: a
     * codec is its class's allow-list entry)
     *
     * @param codec a codec for a class the default wire format does not carry
     * @throws IllegalArgumentException if a codec for that class is given already
     */
    public ClusterConfig withCodec(ValueCodec<?> codec) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(codec.type(), "codec.type()");
        List<ValueCodec<?>> all = new ArrayList<>(codecs);
        all.add(codec);
        return with(parts -> parts.codecs = all);
    }

    /**
     * {@return a copy whose queue to each peer holds at most {@code capacity} messages}, with {@code policy} for
     * one more: {@link OverflowPolicy#BLOCK} makes the sender wait up to {@code maxWait} (otherwise give {@link
     * Duration#ZERO}). See {@link Cluster} for what a sender is told.
     *
     * @param capacity the most messages waiting for one peer; at least 1
     * @param policy what a send does when the queue is full: block, reject, or drop the newest or the oldest
     * @param maxWait how long a blocked sender waits for room; zero for every policy but {@code BLOCK}
     * @throws IllegalArgumentException if {@code capacity < 1}, {@code maxWait} is negative, or not zero with a
     *     policy other than {@code BLOCK}
     */
    public ClusterConfig withOutboundQueue(int capacity, OverflowPolicy policy, Duration maxWait) {
        OutboundQueue queue = new OutboundQueue(capacity, policy, maxWait);
        return with(parts -> parts.outboundQueue = queue);
    }

    /**
     * {@return a copy that packs waiting frames into batches of at most {@code batchBytes}} (0: no batches)
     *
     * @param batchBytes the most bytes of waiting frames sent together in one JGroups message; 0 sends each alone
     */
    public ClusterConfig withBatchBytes(int batchBytes) {
        return with(parts -> parts.batchBytes = batchBytes);
    }

    /**
     * {@return a copy that encrypts frames or not}: AES-GCM under JGroups' SYM_ENCRYPT, with a key every member
     * derives from the shared secret (ADR 27). Every member of a cluster must have the same setting.
     *
     * @param encryption true to encrypt frames; every member must have the same setting
     */
    public ClusterConfig withEncryption(boolean encryption) {
        return with(parts -> parts.encryption = encryption);
    }

    /** {@return a copy with what {@code change} sets}: the one place a with… method rebuilds the record */
    private ClusterConfig with(Consumer<Parts> change) {
        Parts parts = new Parts(this);
        change.accept(parts);
        return new ClusterConfig(
                parts.clusterName,
                parts.bindAddress,
                parts.port,
                parts.initialMembers,
                parts.secret,
                parts.allowedClasses,
                parts.allowedPackages,
                parts.transport,
                parts.maxFrameBytes,
                parts.codecs,
                parts.outboundQueue,
                parts.batchBytes,
                parts.encryption);
    }

    /** The components of a configuration, changeable for the length of one with… call. */
    private static final class Parts {
        String clusterName;
        String bindAddress;
        int port;
        List<String> initialMembers;
        String secret;
        Set<Class<?>> allowedClasses;
        Set<String> allowedPackages;
        Transport transport;
        int maxFrameBytes;
        List<ValueCodec<?>> codecs;
        OutboundQueue outboundQueue;
        int batchBytes;
        boolean encryption;

        Parts(ClusterConfig config) {
            clusterName = config.clusterName;
            bindAddress = config.bindAddress;
            port = config.port;
            initialMembers = config.initialMembers;
            secret = config.secret;
            allowedClasses = config.allowedClasses;
            allowedPackages = config.allowedPackages;
            transport = config.transport;
            maxFrameBytes = config.maxFrameBytes;
            codecs = config.codecs;
            outboundQueue = config.outboundQueue;
            batchBytes = config.batchBytes;
            encryption = config.encryption;
        }
    }

    /** The secret is never printed. */
    @Override
    public String toString() {
        List<String> classes = new ArrayList<>();
        allowedClasses.forEach(c -> classes.add(c.getName()));
        return "ClusterConfig[clusterName=" + clusterName + ", bindAddress=" + bindAddress + ", port=" + port
                + ", initialMembers=" + initialMembers + ", secret=" + (secret.isEmpty() ? "none" : "***")
                + ", allowedClasses=" + classes + ", allowedPackages=" + allowedPackages + ", transport="
                + transport + ", maxFrameBytes=" + maxFrameBytes + ", codecs=" + codecs + ", outboundQueue="
                + outboundQueue + ", batchBytes=" + batchBytes + ", encryption=" + encryption + "]";
    }
}
