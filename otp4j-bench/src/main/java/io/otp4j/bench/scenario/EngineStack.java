package io.otp4j.bench.scenario;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.Protocol;

/**
 * The raw JGroups side's protocol stack: the one otp4j-cluster builds for {@code Transport.TCP} (same protocols,
 * same order, same timeouts as ADR 25 sets them; JGroups from the same jar), less {@code AUTH}, which only checks
 * joins and so costs nothing per message. Bound to 127.0.0.1. When otp4j-cluster's stack changes, this follows,
 * or the two sides no longer compare; {@link JGroupsKnobs} changes what otp4j-cluster leaves at JGroups' defaults.
 */
final class EngineStack {

    private EngineStack() {}

    /**
     * {@return the stack, listening on 127.0.0.1:{@code port}, discovering members at {@code initialPorts}, its
     * transport set as {@code knobs} says}
     */
    static List<Protocol> of(int port, List<Integer> initialPorts, JGroupsKnobs knobs) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        List<InetSocketAddress> hosts = new ArrayList<>();
        initialPorts.forEach(p -> hosts.add(new InetSocketAddress(loopback, p)));
        List<Protocol> stack = new ArrayList<>();
        TCP tcp = new TCP().setBindAddr(loopback).setBindPort(port);
        tcp.tcpNodelay(true); // as otp4j-cluster's Stack
        knobs.applyTo(tcp);
        stack.add(tcp);
        stack.add(new TCPPING().setInitialHosts(hosts).setPortRange(0));
        stack.add(new MERGE3().setMinInterval(500).setMaxInterval(2_000));
        stack.add(new FD_SOCK2().setBindAddress(loopback));
        stack.add(new FD_ALL3().setTimeout(3_000).setInterval(500));
        stack.add(new VERIFY_SUSPECT2().setTimeout(100));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        stack.add(new GMS()
                .setJoinTimeout(500)
                .setLeaveTimeout(500)
                .setMergeTimeout(2_000)
                .printLocalAddress(false));
        stack.add(new FRAG4());
        return stack;
    }
}
