package io.otp4j.cluster;

import io.otp4j.cluster.internal.ClusterKey;
import io.otp4j.cluster.internal.GcmEncrypt;
import io.otp4j.cluster.internal.SecretToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The JGroups protocol stack, built in code (no XML found on the class path by name), bottom up. Timeouts are
 * short: members are expected on one host or a LAN (ADR 25 gives the timings measured).
 *
 * <ul>
 *   <li>A crashed JVM closes its sockets: FD_SOCK2 (TCP only) suspects it at once, VERIFY_SUSPECT2 confirms in
 *       {@value #VERIFY_MS} to {@code 2 *} {@value #VERIFY_MS} ms, and the next view leaves it out: well under a
 *       second.
 *   <li>A member that is silent (a partition, a hung JVM) is suspected by FD_ALL3 after {@value #SILENCE_MS} ms
 *       without any message or heartbeat (sent every {@value #HEARTBEAT_MS} ms); long enough that a busy machine
 *       or a GC pause does not make a false suspicion.
 *   <li>MERGE3 sends its view to the others every {@value #MERGE_MIN_MS} to {@code 1.5 *} {@value #MERGE_MAX_MS}
 *       ms and checks for subgroups every {@code 1.6 *} {@value #MERGE_MAX_MS} ms, so a healed partition is one
 *       view again within seconds.
 * </ul>
 *
 * <p>With {@link ClusterConfig#encryption()}, SYM_ENCRYPT (AES-GCM) sits above GMS and encrypts every frame.
 */
final class Stack {

    static final long VERIFY_MS = 100;
    static final long SILENCE_MS = 3_000;
    static final long HEARTBEAT_MS = 500;
    static final long MERGE_MIN_MS = 500;
    static final long MERGE_MAX_MS = 2_000;
    /** A merge whose subgroups do not all answer within this is given up, and tried again by MERGE3. */
    static final long MERGE_TIMEOUT_MS = 2_000;
    /** UNICAST3 resends what a member has not acknowledged this often (JGroups' own default). */
    static final long RESEND_MS = 500;

    private Stack() {}

    /**
     * The failure detection, merge and resend timings of a stack, in milliseconds: {@link #DEFAULT} for every
     * cluster; shorter ones only for the module's tests, which split and heal clusters many times over.
     */
    record Timings(
            long silenceMs, long heartbeatMs, long mergeMinMs, long mergeMaxMs, long mergeTimeoutMs, long resendMs) {

        /** The timings every cluster runs with. */
        static final Timings DEFAULT =
                new Timings(SILENCE_MS, HEARTBEAT_MS, MERGE_MIN_MS, MERGE_MAX_MS, MERGE_TIMEOUT_MS, RESEND_MS);

        Timings {
            if (heartbeatMs <= 0
                    || silenceMs <= heartbeatMs
                    || mergeMinMs <= 0
                    || mergeMaxMs < mergeMinMs
                    || mergeTimeoutMs <= 0
                    || resendMs <= 0) {
                throw new IllegalArgumentException("inconsistent stack timings: " + silenceMs + " ms of silence, a"
                        + " heartbeat every " + heartbeatMs + " ms, merges every " + mergeMinMs + " to " + mergeMaxMs
                        + " ms given up after " + mergeTimeoutMs + " ms, unacknowledged frames resent every " + resendMs
                        + " ms");
            }
        }
    }

    static List<Protocol> of(ClusterConfig config) {
        return of(config, Timings.DEFAULT);
    }

    static List<Protocol> of(ClusterConfig config, Timings timings) {
        List<Protocol> stack = new ArrayList<>();
        switch (config.transport()) {
            case SHARED_LOOPBACK -> {
                stack.add(new SHARED_LOOPBACK());
                stack.add(new SHARED_LOOPBACK_PING());
            }
            case TCP -> {
                InetAddress bind = address(config.bindAddress());
                TCP tcp = new TCP().setBindAddr(bind).setBindPort(config.port());
                // As Erlang's distribution: small frames go out at once. The outbound queues batch what waits, so
                // Nagle's coalescing would only delay a lone call or reply.
                tcp.tcpNodelay(true);
                stack.add(tcp);
                List<InetSocketAddress> hosts = new ArrayList<>();
                config.initialMembers().forEach(m -> hosts.add(HostPort.parse(m).address()));
                stack.add(new TCPPING().setInitialHosts(hosts).setPortRange(0));
            }
        }
        stack.add(new MERGE3().setMinInterval(timings.mergeMinMs()).setMaxInterval(timings.mergeMaxMs()));
        if (config.transport() == ClusterConfig.Transport.TCP) {
            stack.add(new FD_SOCK2().setBindAddress(address(config.bindAddress())));
        }
        stack.add(new FD_ALL3().setTimeout(timings.silenceMs()).setInterval(timings.heartbeatMs()));
        stack.add(new VERIFY_SUSPECT2().setTimeout(VERIFY_MS));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3().setXmitInterval(timings.resendMs()));
        stack.add(new STABLE());
        SecretToken token = new SecretToken(config.secret(), config.encryption());
        AUTH auth = new AUTH().setAuthToken(token);
        token.setAuth(auth);
        stack.add(auth);
        stack.add(new GMS()
                .setJoinTimeout(500)
                .setLeaveTimeout(500)
                .setMergeTimeout(timings.mergeTimeoutMs())
                .printLocalAddress(false));
        if (config.encryption()) {
            // Above GMS: membership stays readable to AUTH, which refuses a node of the other setting at join
            // (ADR 27), and every frame of ours is encrypted before UNICAST3 keeps or resends it.
            stack.add(new GcmEncrypt(ClusterKey.derive(config.secret())));
        }
        stack.add(new FRAG4());
        return stack;
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ClusterJoinException("bind address " + host + " is unknown", e);
        }
    }
}
