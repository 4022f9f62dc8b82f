package io.otp4j.cluster;

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
 * short: members are expected on one host or a LAN, and a test should see a lost member within seconds.
 */
final class Stack {

    private Stack() {}

    static List<Protocol> of(ClusterConfig config) {
        List<Protocol> stack = new ArrayList<>();
        switch (config.transport()) {
            case SHARED_LOOPBACK -> {
                stack.add(new SHARED_LOOPBACK());
                stack.add(new SHARED_LOOPBACK_PING());
            }
            case TCP -> {
                InetAddress bind = address(config.bindAddress());
                stack.add(new TCP().setBindAddr(bind).setBindPort(config.port()));
                List<InetSocketAddress> hosts = new ArrayList<>();
                config.initialMembers().forEach(m -> hosts.add(HostPort.parse(m).address()));
                stack.add(new TCPPING().setInitialHosts(hosts).setPortRange(0));
            }
        }
        stack.add(new MERGE3().setMinInterval(1_000).setMaxInterval(3_000));
        if (config.transport() == ClusterConfig.Transport.TCP) {
            stack.add(new FD_SOCK2().setBindAddress(address(config.bindAddress())));
        }
        stack.add(new FD_ALL3().setTimeout(3_000).setInterval(500));
        stack.add(new VERIFY_SUSPECT2().setTimeout(500));
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        SecretToken token = new SecretToken(config.secret());
        AUTH auth = new AUTH().setAuthToken(token);
        token.setAuth(auth);
        stack.add(auth);
        stack.add(new GMS().setJoinTimeout(500).setLeaveTimeout(500).printLocalAddress(false));
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
